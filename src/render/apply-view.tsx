import { Box, Static, Text } from 'ink';
import { useEffect, useState } from 'react';
import { liveLineText, type ApplyViewState } from './apply-view-state.js';
import { Spinner } from './spinner.js';

export interface ApplyViewProps {
  state: ApplyViewState;
  /** Injected for frame tests; the live view ticks with the wall clock. */
  now?: number;
}

/** Finished VPCs stay above in `<Static>`; below, one live line per VPC in flight. Props only. */
export function ApplyView({ state, now }: ApplyViewProps) {
  const ticking = useNow(now === undefined && !state.done);
  const at = now ?? ticking;
  return (
    <Box flexDirection="column">
      <Static items={state.finished}>
        {(block) => (
          <Box key={block.key} flexDirection="column">
            {block.lines.map((line, i) => (
              <Text key={i}>{line}</Text>
            ))}
          </Box>
        )}
      </Static>
      {state.live.map((line) => (
        <Spinner key={line.address} label={liveLineText(line, at)} />
      ))}
    </Box>
  );
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
