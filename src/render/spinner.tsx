import { useEffect, useState } from 'react';
import { Text } from 'ink';

/** Braille frames, as most CLIs draw them. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

export interface SpinnerProps {
  label: string;
  /** Milliseconds per frame. */
  interval?: number;
}

/** A one-line spinner with a label; props only (plan's refresh and apply's waits both use it). */
export function Spinner({ label, interval = 80 }: SpinnerProps) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % SPINNER_FRAMES.length), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return (
    <Text>
      <Text color="cyan">{SPINNER_FRAMES[frame]}</Text> {label}
    </Text>
  );
}
