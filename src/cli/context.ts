import type { Command } from 'commander';
import { colorEnabled, type CliIO, type GlobalOptions } from './io.js';

/** Handed to every command's `register`: the process surface and the parsed global flags. */
export interface CommandContext {
  io: CliIO;
  /** Global flags as parsed (call inside an action). `color` is already resolved for stderr/stdout TTY-ness. */
  globals(command: Command): GlobalOptions;
  /** Records the exit code of the command that ran. */
  setExitCode(code: number): void;
  /** The CLI itself (`run` of main.ts), for commands that run other commands (the demo). */
  run(argv: string[], io: CliIO): Promise<number>;
}

export function makeContext(io: CliIO, setExitCode: (code: number) => void, run: CommandContext['run']): CommandContext {
  return {
    io,
    setExitCode,
    run,
    globals(command: Command): GlobalOptions {
      const o = command.optsWithGlobals<{ json?: boolean; color?: boolean; debug?: boolean }>();
      return {
        json: o.json === true,
        debug: o.debug === true || io.env['VPCFORM_DEBUG'] === '1',
        color: colorEnabled(io, o.color, io.stderrIsTTY),
      };
    },
  };
}

/** Wraps an async action so its result becomes the command's exit code. */
export function action<A extends unknown[]>(ctx: CommandContext, fn: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    ctx.setExitCode(await fn(...args));
  };
}

/** Commander's argument parser for a repeatable option (`-f a -f b`): collects the values in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
