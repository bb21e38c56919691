import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ConfirmPrompt } from '../../src/render/apply-confirm.js';

async function answer(chunks: string[]): Promise<string | undefined> {
  let answered: string | undefined;
  const view = render(<ConfirmPrompt onAnswer={(a) => (answered = a)} />);
  for (const chunk of chunks) {
    await new Promise((r) => setTimeout(r, 20));
    view.stdin.write(chunk);
  }
  await new Promise((r) => setTimeout(r, 50));
  view.unmount();
  return answered;
}

describe('the approval prompt', () => {
  it('takes yes typed key by key, then Enter', async () => {
    expect(await answer(['y', 'e', 's', '\r'])).toBe('yes');
  });
  it('takes yes and Enter arriving in one chunk (paste, tmux, ssh)', async () => {
    expect(await answer(['yes\r'])).toBe('yes');
  });
  it('honours backspace and answers what is left', async () => {
    expect(await answer(['y', 'o', '\u007f', 'e', 's', '\r'])).toBe('yes');
  });
  it('answers nothing until Enter', async () => {
    expect(await answer(['yes'])).toBeUndefined();
  });
});
