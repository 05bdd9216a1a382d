import type { ExportFormat } from './format.js';

export const awsCurFormat: ExportFormat = {
  name: 'aws-cur',
  title: 'aws-cur',
  detect: () => false,
  describe: () => Promise.reject(new Error('todo')),
};
