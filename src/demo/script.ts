/**
 * The demo's story, as data: each step has a title, a few lines saying why it matters, and either
 * a vpcform command (run for real, its exit code checked) or a console edit. The runner prints it.
 */
export type DemoStep =
  | { kind: 'command'; title: string; explain: string[]; argv: string[]; expectExit: number; afterwards: string[]; cloudAfter?: CloudCheck }
  | { kind: 'console_edit'; title: string; explain: string[]; vpcId: string; body: { name: string; description?: string; routes?: [] }; afterwards: string[] };

/**
 * What the emulator must hold once a command succeeded, by VPC name: the demo reads it from the
 * emulator itself rather than trusting the command's own report.
 */
export interface CloudCheck {
  exist: string[];
  gone: string[];
}

export const WEB_VPC_ID = '99d9d709-8478-4b46-9f3f-2206b1023fd3';

/** `file` is the desired-state file as shown to the user (relative when possible). */
export function demoScript(file: string): DemoStep[] {
  return [
    {
      kind: 'command',
      title: 'Validate the desired state (offline)',
      explain: [
        `${file} is the source of truth kept in git: three VPCs to keep (web, db, batch), one to create`,
        '(analytics: declared by name, with a cidr) and one to delete (legacy: marked ensure: absent).',
        'validate checks it without calling any API: schema, API rules, every problem at once.',
      ],
      argv: ['validate', file],
      expectExit: 0,
      afterwards: ['Exit 0: the file is valid. In CI this runs first on every pull request.'],
    },
    {
      kind: 'command',
      title: 'Plan: compare git with the live cloud',
      explain: [
        'plan reads the live VPCs and shows what would make them match the file, as Terraform does:',
        '+ create (no VPC is named vpc-analytics), ~ update in place, - destroy (vpc-legacy, and what it holds).',
        'The seed differs from the file on purpose; vpc-sandbox is not in the file, so it is left alone.',
      ],
      argv: ['plan', '-f', file],
      expectExit: 0,
      afterwards: ['Nothing has changed yet: plan only reads. In a pull request, the same plan as markdown becomes a comment.'],
    },
    {
      kind: 'command',
      title: 'Apply: make the cloud match git',
      explain: [
        'apply starts the delete first (it may free a name or quota), then the updates, then the create:',
        'DELETE -> wait for 404; PUT -> wait while PENDING_UPDATE; POST -> wait while CREATING -> PUT the routes.',
        'Each VPC is then verified. --auto-approve skips the question, as a merge-to-main job does.',
      ],
      argv: ['apply', '-f', file, '--auto-approve'],
      expectExit: 0,
      cloudAfter: { exist: ['vpc-web', 'vpc-db', 'vpc-batch', 'vpc-analytics', 'vpc-sandbox'], gone: ['vpc-legacy'] },
      afterwards: ['Every VPC converged and was verified: one created, three updated, one deleted.'],
    },
    {
      kind: 'command',
      title: 'Plan again: nothing left to do',
      explain: ['A second plan of the same file finds no differences (--detailed-exitcode: 0 = no changes, 2 = changes).'],
      argv: ['plan', '-f', file, '--detailed-exitcode'],
      expectExit: 0,
      afterwards: ['Exit 0: live and git agree (vpc-analytics is found by its name, vpc-legacy is absent as declared).', 'A second apply would send no POST, PUT or DELETE at all.'],
    },
    {
      kind: 'console_edit',
      title: 'Someone changes a VPC in the console',
      explain: ['An operator edits vpc-web by hand: a new description, and its default route removed.', 'This is a direct HTTP PUT to the API, not vpcform: git knows nothing about it.'],
      vpcId: WEB_VPC_ID,
      body: { name: 'vpc-web', description: 'quick fix from the console', routes: [] },
      afterwards: ['The live VPC no longer matches git.'],
    },
    {
      kind: 'command',
      title: 'Drift: the nightly job notices',
      explain: [
        'drift reads the live VPCs and reports every managed field that differs, as "live has X, git says Y",',
        'a declared VPC that is missing, and a VPC marked absent that still exists.',
        'Fields the file does not manage are never reported (unless --all-fields).',
      ],
      argv: ['drift', '-f', file],
      expectExit: 2,
      afterwards: [
        'Exit 2 means drift: a scheduled CI job fails here and shows this report.',
        'Two ways out: apply the file again (heal), or change the file to the live values and commit (accept).',
      ],
    },
    {
      kind: 'command',
      title: 'Heal: apply the file again',
      explain: ['The file in git wins: apply puts vpc-web back. Only vpc-web changes; the others are already in line.'],
      argv: ['apply', '-f', file, '--auto-approve'],
      expectExit: 0,
      afterwards: ['vpc-web is back to what git says.'],
    },
    {
      kind: 'command',
      title: 'Drift again: in sync',
      explain: ['The next drift check comes back clean.'],
      argv: ['drift', '-f', file],
      expectExit: 0,
      afterwards: ['Exit 0: no drift.'],
    },
  ];
}
