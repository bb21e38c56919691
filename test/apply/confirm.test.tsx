import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ConfirmPrompt } from '../../src/render/apply-confirm.js';

const frame = () => new Promise((r) => setTimeout(r, 20));

async function answer(chunks: string[]): Promise<string | undefined> {
  let answered: string | undefined;
  const view = render(<ConfirmPrompt onAnswer={(a) => (answered = a)} />);
  for (const chunk of chunks) {
    await frame();
    view.stdin.write(chunk);
  }
  await new Promise((r) => setTimeout(r, 50));
  view.unmount();
  return answered;
}

/** Every key written back to back in one tick: no render can happen between them. */
async function answerFaster(keys: string[]): Promise<{ answers: string[]; frames: string[] }> {
  const answers: string[] = [];
  const view = render(<ConfirmPrompt onAnswer={(a) => answers.push(a)} />);
  await frame(); // the prompt is mounted and listening, as on a terminal where the question is shown
  for (const key of keys) view.stdin.write(key);
  await frame();
  // Every frame drawn: the prompt exits right after the one that shows the answer, so the last
  // frame may already be the unmounted, empty one.
  const frames = [...view.frames];
  view.unmount();
  return { answers, frames };
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

  describe('keys arriving faster than renders lose nothing', () => {
    it('y, e, s, Enter as four writes in one tick answer yes, once, and the screen shows it', async () => {
      const { answers, frames } = await answerFaster(['y', 'e', 's', '\r']);
      expect(answers).toEqual(['yes']);
      expect(frames.some((f) => /Enter a value:\s*yes\s*$/m.test(f))).toBe(true);
    });
    it('backspace between fast keys edits the text typed so far', async () => {
      expect((await answerFaster(['y', 'o', '\u007f', 'e', 's', '\r'])).answers).toEqual(['yes']);
      expect((await answerFaster(['y', 'e', 's', 's', '\u007f', '\r'])).answers).toEqual(['yes']);
    });
    it('keys after Enter in the same tick are ignored: one answer, the first', async () => {
      expect((await answerFaster(['y', 'e', 's', '\r', 'n', 'o', '\r'])).answers).toEqual(['yes']);
      expect((await answerFaster(['n', 'o', '\r', 'y', 'e', 's', '\r'])).answers).toEqual(['no']);
    });
    it('a fast no is still no, and Ctrl-C answers nothing', async () => {
      expect((await answerFaster(['n', 'o', '\r'])).answers).toEqual(['no']);
      expect((await answerFaster(['y', 'e', 's', '\u0003', '\r'])).answers).toEqual(['']);
    });
    it('typed while the screen shows text typed earlier, the answer joins both', async () => {
      const answers: string[] = [];
      const view = render(<ConfirmPrompt onAnswer={(a) => answers.push(a)} />);
      await frame();
      view.stdin.write('y');
      await frame();
      expect(view.lastFrame()).toMatch(/Enter a value:\s*y\b/);
      view.stdin.write('e');
      view.stdin.write('s');
      view.stdin.write('\r');
      await frame();
      view.unmount();
      expect(answers).toEqual(['yes']);
    });
  });

  it('states what the apply will do, destroys first', async () => {
    const view = render(<ConfirmPrompt onAnswer={() => undefined} counts={{ delete: 1, create: 2, update: 3 }} />);
    await frame();
    const shown = view.lastFrame() ?? '';
    view.unmount();
    expect(shown).toContain('vpcform will destroy 1 VPC, create 2, update 3.');
    const none = render(<ConfirmPrompt onAnswer={() => undefined} counts={{ delete: 0, create: 0, update: 2 }} />);
    await frame();
    expect(none.lastFrame() ?? '').toContain('vpcform will update 2.');
    expect(none.lastFrame() ?? '').not.toContain('destroy');
    none.unmount();
  });
});
