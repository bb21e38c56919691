import type { Readable, Writable } from 'node:stream';
import { Box, Text, render, useApp, useInput } from 'ink';
import { useState } from 'react';

export const CONFIRM_QUESTION = 'Do you want to perform these actions?';
export const CONFIRM_NOTE = "vpcform will perform the actions described above. Only 'yes' will be accepted to approve.";

export interface ConfirmPromptProps {
  onAnswer: (answer: string) => void;
}

/** Terraform's question: the answer is typed and must be exactly `yes`. Props only. */
export function ConfirmPrompt({ onAnswer }: ConfirmPromptProps) {
  const { exit } = useApp();
  const [typed, setTyped] = useState('');
  const [answered, setAnswered] = useState(false);
  const finish = (answer: string) => {
    setTyped(answer);
    setAnswered(true);
    onAnswer(answer);
    exit();
  };
  useInput((input, key) => {
    if (answered) return;
    if (key.ctrl && input === 'c') return finish('');
    if (key.return) return finish(typed);
    if (key.backspace || key.delete) return setTyped((t) => t.slice(0, -1));
    if (key.ctrl || key.meta) return;
    // A paste, a fast typist or a terminal multiplexer can deliver `yes\r` as one chunk.
    const end = input.search(/[\r\n]/);
    if (end === -1) setTyped((t) => t + input);
    else finish(typed + input.slice(0, end));
  });
  return (
    <Box flexDirection="column" marginTop={1}>
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
export async function confirmApply(streams: { stdin: Readable; stderr: Writable }, signal: AbortSignal): Promise<boolean> {
  let answer = '';
  const instance = render(<ConfirmPrompt onAnswer={(a) => (answer = a)} />, {
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
