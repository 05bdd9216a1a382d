import type { Block } from './kit.js';

/** Block Kit limits (Slack's block reference); a message over any of them is rejected as invalid_blocks. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  altText: 2000,
} as const;

interface TextObj {
  text?: string;
}

/** Every way `blocks` break Block Kit limits, as readable strings; empty when the message is valid. */
export function blockViolations(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  check(blocks.length <= LIMITS.blocks, `${blocks.length} blocks > ${LIMITS.blocks}`);
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if ('block_id' in b && b.block_id !== undefined)
      check(b.block_id.length <= LIMITS.blockId, `${at}: block_id too long`);
    switch (b.type) {
      case 'section': {
        const len = (b.text as TextObj | undefined)?.text?.length ?? 0;
        check(len <= LIMITS.sectionText, `${at}: text ${len} > ${LIMITS.sectionText} chars`);
        check(b.text !== undefined || (b.fields?.length ?? 0) > 0, `${at}: needs text or fields`);
        const fields = b.fields ?? [];
        check(fields.length <= LIMITS.fields, `${at}: ${fields.length} fields > ${LIMITS.fields}`);
        for (const f of fields)
          check(f.text.length <= LIMITS.fieldText, `${at}: field ${f.text.length} > ${LIMITS.fieldText}`);
        break;
      }
      case 'header':
        check(b.text.text.length <= LIMITS.headerText, `${at}: header > ${LIMITS.headerText} chars`);
        break;
      case 'context':
        check(
          b.elements.length <= LIMITS.contextElements,
          `${at}: ${b.elements.length} elements > ${LIMITS.contextElements}`,
        );
        for (const e of b.elements) {
          const len = (e as TextObj).text?.length ?? 0;
          check(len <= LIMITS.sectionText, `${at}: element text ${len} > ${LIMITS.sectionText}`);
        }
        break;
      case 'actions':
        check(
          b.elements.length <= LIMITS.actionsElements,
          `${at}: ${b.elements.length} elements > ${LIMITS.actionsElements}`,
        );
        for (const e of b.elements) {
          if (e.type !== 'button') continue;
          check(e.text.text.length <= LIMITS.buttonText, `${at}: button text > ${LIMITS.buttonText}`);
          check((e.value ?? '').length <= LIMITS.buttonValue, `${at}: button value > ${LIMITS.buttonValue}`);
          check((e.action_id ?? '').length <= LIMITS.actionId, `${at}: action_id > ${LIMITS.actionId}`);
        }
        break;
      case 'image':
        check(b.alt_text.length <= LIMITS.altText, `${at}: alt_text > ${LIMITS.altText}`);
        break;
      default:
        break;
    }
  });
  return out;
}
