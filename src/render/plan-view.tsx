import { Box, Static, Text } from 'ink';
import type { Diagnostic } from '../errors/index.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { Spinner } from './spinner.js';
import { actionSymbol, attributeLines, changeHeading, diagnosticLines, fitsOnOneLine, shownChanges, summaryText } from './plan-lines.js';

/**
 * Ink components for `vpcform plan` on a TTY. Props only; business code never touches JSX — it calls
 * the entries in plan-ink.tsx.
 */
export interface PlanViewProps {
  plan: Plan;
  /** Terminal columns: narrow terminals put `before` and `after` on their own lines. */
  width: number;
}

export function PlanView({ plan, width }: PlanViewProps) {
  const shown = shownChanges(plan);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>vpcform plan</Text> for {plan.desired.path} · project {plan.target.project_id} · {plan.target.endpoint}
      </Text>
      <Text> </Text>
      {shown.length === 0 ? (
        <>
          <Text color="green">No changes. The live VPCs match the desired state.</Text>
          <Text> </Text>
        </>
      ) : null}
      {shown.map((change) => (
        <ChangeBlock key={change.address} change={change} width={width} />
      ))}
      <Text bold color={plan.summary.error > 0 ? 'red' : undefined}>
        Plan: {summaryText(plan)}.
      </Text>
    </Box>
  );
}

const ACTION_COLOR = { update: 'yellow', error: 'red', 'no-op': 'gray' } as const;

function ChangeBlock({ change, width }: { change: PlannedChange; width: number }) {
  const lines = change.attributes.flatMap(attributeLines);
  const routeLines = lines.filter((l) => l.entry !== undefined);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        {'  '}
        <Text color={ACTION_COLOR[change.action]}>{actionSymbol(change.action)}</Text> <Text bold>{changeHeading(change)}</Text>
        {change.action === 'no-op' ? <Text dimColor> (no changes)</Text> : null}
      </Text>
      {lines
        .filter((l) => l.entry === undefined)
        .map((l) =>
          fitsOnOneLine(l, width) ? (
            <Text key={l.label}>
              {'      '}
              <Text color="yellow">~</Text> {l.label}: <Text color="red">{l.before}</Text> -&gt; <Text color="green">{l.after}</Text>
            </Text>
          ) : (
            <Box key={l.label} flexDirection="column">
              <Text>
                {'      '}
                <Text color="yellow">~</Text> {l.label}:
              </Text>
              <Box paddingLeft={10}>
                <Text color="red" wrap="wrap">{l.before}</Text>
              </Box>
              <Box paddingLeft={7}>
                <Text wrap="wrap">
                  -&gt; <Text color="green">{l.after}</Text>
                </Text>
              </Box>
            </Box>
          ),
        )}
      {routeLines.length > 0 ? (
        <Text>
          {'      '}
          <Text color="yellow">~</Text> routes:
        </Text>
      ) : null}
      {routeLines.map((l) => (
        <Text key={`${l.sign}${l.entry}`}>
          {'          '}
          <Text color={l.sign === '+' ? 'green' : 'red'}>{l.sign}</Text> {l.entry}
        </Text>
      ))}
      {change.diagnostics.map((d, i) => (
        <DiagnosticLines key={i} diagnostic={d} />
      ))}
    </Box>
  );
}

function DiagnosticLines({ diagnostic }: { diagnostic: Diagnostic }) {
  const { head, more } = diagnosticLines(diagnostic);
  return (
    <Box flexDirection="column" paddingLeft={6}>
      <Text color={diagnostic.severity === 'error' ? 'red' : 'yellow'} wrap="wrap">
        {head}
      </Text>
      {more.map((m, i) => (
        <Box key={i} paddingLeft={2}>
          {m.startsWith('hint:') ? (
            <Text wrap="wrap">
              <Text color="cyan">hint:</Text>
              {m.slice(5)}
            </Text>
          ) : (
            <Text dimColor wrap="wrap">
              {m}
            </Text>
          )}
        </Box>
      ))}
    </Box>
  );
}

export type PlanScreenState = { phase: 'refreshing'; label: string; done: Plan[] } | { phase: 'finished'; done: Plan[] };

/** The whole screen: finished plans stay put (`<Static>`), the spinner runs below while refreshing. */
export function PlanScreen({ state, width }: { state: PlanScreenState; width: number }) {
  return (
    <>
      <Static items={state.done.map((plan, i) => ({ plan, key: `${i}:${plan.desired.path}` }))}>
        {(item) => (
          <Box key={item.key} marginBottom={1}>
            <PlanView plan={item.plan} width={width} />
          </Box>
        )}
      </Static>
      {state.phase === 'refreshing' ? <Spinner label={state.label} /> : null}
    </>
  );
}
