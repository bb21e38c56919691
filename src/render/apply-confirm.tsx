import type { Readable, Writable } from 'node:stream';
import { Box, Text, render, useApp, useInput } from 'ink';
import { useEffect, useReducer, useRef } from 'react';

export const CONFIRM_QUESTION = 'Do you want to perform these actions?';
export const CONFIRM_NOTE = "vpcform will perform the actions described above. Only 'yes' will be accepted to approve.";

/** What the apply will do, counted over every plan shown. */
export interface ChangeCounts {
  delete: number;
  create: number;
  update: number;
}

export interface ConfirmPromptProps {
  onAnswer: (answer: string) => void;
  counts?: ChangeCounts;
}

/** `vpcform will destroy 1 VPC, create 2, update 3.` pieces: deletes first, so they are read first. */
export function countsParts(counts: ChangeCounts): Array<{ text: string; destructive: boolean }> {
  const parts: Array<{ text: string; destructive: boolean }> = [];
  if (counts.delete > 0) parts.push({ text: `destroy ${counts.delete} VPC${counts.delete === 1 ? '' : 's'}`, destructive: true });
  if (counts.create > 0) parts.push({ text: `create ${counts.create}`, destructive: false });
  if (counts.update > 0) parts.push({ text: `update ${counts.update}`, destructive: false });
  return parts;
}

/**
 * Terraform's question: the answer is typed and must be exactly `yes`. Props only.
 *
 * The typed text lives in a ref that each input event updates at once, and the view renders from it.
 * Keys can arrive faster than React re-renders (a quick typist, a terminal multiplexer): a handler that
 * read the answer from the last render's state saw `yes` Enter as an empty answer and refused it.
 */
export function ConfirmPrompt({ onAnswer, counts }: ConfirmPromptProps) {
  const { exit } = useApp();
  const prompt = useRef({ typed: '', answered: false });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const type = (typed: string) => {
    prompt.current.typed = typed;
    redraw();
  };
  const finish = (answer: string) => {
    prompt.current = { typed: answer, answered: true };
    redraw();
    onAnswer(answer);
  };
  // Leave after the frame that shows the answer is drawn, so the terminal keeps it on screen.
  useEffect(() => {
    if (prompt.current.answered) exit();
  });
  useInput((input, key) => {
    const { typed, answered } = prompt.current;
    if (answered) return;
    if (key.ctrl && input === 'c') return finish('');
    if (key.return) return finish(typed);
    if (key.backspace || key.delete) return type(typed.slice(0, -1));
    if (key.ctrl || key.meta) return;
    // A paste, a fast typist or a terminal multiplexer can deliver `yes\r` as one chunk.
    const end = input.search(/[\r\n]/);
    if (end === -1) type(typed + input);
    else finish(typed + input.slice(0, end));
  });
  const { typed, answered } = prompt.current;
  return (
    <Box flexDirection="column" marginTop={1}>
      {counts !== undefined && countsParts(counts).length > 0 ? (
        <Text>
          vpcform will{' '}
          {countsParts(counts).map((part, i) => (
            <Text key={part.text} color={part.destructive ? 'red' : undefined} bold={part.destructive}>
              {i > 0 ? ', ' : ''}
              {part.text}
            </Text>
          ))}
          .
        </Text>
      ) : null}
      <Text bold>{CONFIRM_QUESTION}</Text>
      <Text>  {CONFIRM_NOTE}</Text>
      <Text>
        {'\n'}  <Text bold>Enter a value:</Text> {typed}
        {answered ? '' : <Text inverse> </Text>}
      </Text>
    </Box>
  );
}

/** Asks on the terminal; resolves true only for `yes`. An abort (Ctrl-C via the process signal) answers no. */
export async function confirmApply(streams: { stdin: Readable; stderr: Writable }, signal: AbortSignal, counts?: ChangeCounts): Promise<boolean> {
  let answer = '';
  const instance = render(<ConfirmPrompt onAnswer={(a) => (answer = a)} {...(counts !== undefined && { counts })} />, {
    stdin: streams.stdin as NodeJS.ReadStream,
    stdout: streams.stderr as NodeJS.WriteStream,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  const onAbort = () => instance.unmount();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return answer.trim() === 'yes';
}
