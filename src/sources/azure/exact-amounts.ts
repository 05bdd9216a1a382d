import type { CostManagementClient } from '@azure/arm-costmanagement';

/**
 * Pure: the JSON text with every number literal turned into a string holding the same characters.
 * Cost Management sends amounts as JSON numbers with as many digits as its decimals have (more than
 * a double's 15-17 significant digits for large amounts with 10 decimals); JSON.parse would round
 * them. As strings they reach parseMoney digit for digit. Strings, escapes included, pass unchanged.
 */
export function quoteJsonNumbers(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      const lit = m?.[0] ?? c;
      out += `"${lit}"`;
      i += lit.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/**
 * Installs a pipeline policy that quotes the numbers of query answers before the SDK parses them.
 * It sits after the Deserialize phase, so on the way back it sees the raw body first. Only
 * successful Cost Management query answers are touched: their only numbers are the row cells
 * (amounts, and UsageDate, which the mapper reads as text anyway).
 */
export function installExactAmountsPolicy(client: CostManagementClient): void {
  if (client.pipeline.getOrderedPolicies().some((p) => p.name === 'costguardExactAmounts')) return;
  client.pipeline.addPolicy(
    {
      name: 'costguardExactAmounts',
      sendRequest: async (request, next) => {
        const response = await next(request);
        if (
          response.status >= 200 &&
          response.status < 300 &&
          /\/providers\/Microsoft\.CostManagement\/query(\?|$)/i.test(new URL(request.url).pathname) &&
          response.bodyAsText
        ) {
          response.bodyAsText = quoteJsonNumbers(response.bodyAsText);
        }
        return response;
      },
    },
    { afterPhase: 'Deserialize' },
  );
}
