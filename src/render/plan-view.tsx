import { Box, Static, Text } from 'ink';
import type { Diagnostic } from '../errors/index.js';
import type { Plan, PlannedChange } from '../plan/types.js';
import { Spinner } from './spinner.js';
import { actionPhrase, actionSymbol, changeHeading, changeLines, diagnosticLines, fitsOnOneLine, shownChanges, summaryText, targetingLines, waitsText, wholeText, type AttributeLine } from './plan-lines.js';

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
  const targeting = targetingLines(plan);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>vpcform plan</Text> for {plan.desired.path} · project {plan.target.project_id} · {plan.target.endpoint}
      </Text>
      <Text> </Text>
      {targeting !== undefined ? (
        <Box flexDirection="column" marginBottom={1}>
          <Text bold color="yellow">
            {targeting.head}
          </Text>
          {targeting.more.map((line, i) => (
            <Text key={i} color="yellow">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {shown.length === 0 ? (
        <>
          <Text color="green">No changes. The live VPCs match the desired state.</Text>
          <Text> </Text>
        </>
      ) : null}
      {shown.map((change) => (
        <ChangeBlock key={change.address} change={change} waits={waitsText(change, plan)} width={width} />
      ))}
      <Text bold color={plan.summary.error > 0 ? 'red' : undefined}>
        Plan: {summaryText(plan)}.
      </Text>
    </Box>
  );
}

const ACTION_COLOR = { create: 'green', update: 'yellow', delete: 'red', error: 'red', 'no-op': 'gray' } as const;

function ChangeBlock({ change, waits, width }: { change: PlannedChange; waits: string | undefined; width: number }) {
  const { lines, labelWidth } = changeLines(change);
  const entries = lines.filter((l) => l.kind === 'entry');
  const phrase = actionPhrase(change.action);
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        {'  '}
        <Text color={ACTION_COLOR[change.action]}>{actionSymbol(change.action)}</Text> <Text bold>{changeHeading(change)}</Text>
        {phrase !== undefined ? <Text color={ACTION_COLOR[change.action]}> {phrase}</Text> : null}
        {change.action === 'no-op' ? <Text dimColor> (no changes)</Text> : null}
      </Text>
      {lines.map((l, i) => (l.kind === 'entry' ? null : <AttributeRow key={i} line={l} labelWidth={labelWidth} width={width} />))}
      {entries.length > 0 ? (
        <Text>
          {'      '}
          <Text color="yellow">~</Text> routes:
        </Text>
      ) : null}
      {entries.map((l) => (
        <Text key={`${l.sign}${l.entry}`}>
          {'          '}
          <Text color={SIGN_COLOR[l.sign]}>{l.sign}</Text> {l.entry}
        </Text>
      ))}
      {waits !== undefined ? (
        <Text dimColor>
          {'      '}
          {waits}
        </Text>
      ) : null}
      {change.diagnostics.map((d, i) => (
        <DiagnosticLines key={i} diagnostic={d} />
      ))}
    </Box>
  );
}

const SIGN_COLOR = { '+': 'green', '-': 'red' } as const;

/** One attribute line other than an update's route entries (those go under `~ routes:`). */
function AttributeRow({ line, labelWidth, width }: { line: Exclude<AttributeLine, { kind: 'entry' }>; labelWidth: number; width: number }) {
  if (line.kind === 'value' || line.kind === 'item') {
    const text = wholeText(line, labelWidth);
    return (
      <Text>
        {'      '}
        <Text color={SIGN_COLOR[line.sign]}>{line.sign}</Text>
        {text.slice(1)}
      </Text>
    );
  }
  if (fitsOnOneLine(line, width)) {
    return (
      <Text>
        {'      '}
        <Text color="yellow">~</Text> {line.label}: <Text color="red">{line.before}</Text> -&gt; <Text color="green">{line.after}</Text>
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text>
        {'      '}
        <Text color="yellow">~</Text> {line.label}:
      </Text>
      <Box paddingLeft={10}>
        <Text color="red" wrap="wrap">
          {line.before}
        </Text>
      </Box>
      <Box paddingLeft={7}>
        <Text wrap="wrap">
          -&gt; <Text color="green">{line.after}</Text>
        </Text>
      </Box>
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
