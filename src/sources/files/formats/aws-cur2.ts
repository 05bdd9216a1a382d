import type { ExportFormat } from './format.js';

export const awsCur2Format: ExportFormat = {
  name: 'aws-cur2',
  title: 'aws-cur2',
  detect: () => false,
  describe: () => Promise.reject(new Error('todo')),
};
