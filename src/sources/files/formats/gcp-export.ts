import type { ExportFormat } from './format.js';

export const gcpExportFormat: ExportFormat = {
  name: 'gcp-export',
  title: 'gcp-export',
  detect: () => false,
  describe: () => Promise.reject(new Error('todo')),
};
