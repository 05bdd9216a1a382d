import type { ExportFormat } from './format.js';

export const azureCostFormat: ExportFormat = {
  name: 'azure-cost',
  title: 'azure-cost',
  detect: () => false,
  describe: () => Promise.reject(new Error('todo')),
};
