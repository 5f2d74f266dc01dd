/**
 * The editor's page bodies (login, invitation, accounts, dashboard, review queue, proposal with its
 * diff, conflict, public submission). Plain functions of their data; every value escaped by `html`.
 */
import type { Role, User } from "../../registry/accounts.ts";
import { diffRecords } from "../../registry/diff.ts";
import type { Proposal } from "../../registry/proposals.ts";
import type { RecordVersion } from "../../registry/records.ts";
import { html, type Html } from "../html.ts";

import {
  button,
  csrfField,
  errorSummary,
  field,
  hidden,
  inset,
  table,
  type FieldErrors,
} from "./forms.ts";

const show = (v: unknown) =>
  v === undefined || v === null ? "–" : typeof v === "string" ? v : JSON.stringify(v);

export function messageBody(text: string, link: string, label: string): Html {
  return html`<h1>${text.length < 60 ? text : "Ration Watch editor"}</h1>
    ${text.length < 60 ? "" : html`<p>${text}</p>`}
    <p><a href="${link}">${label}</a></p>`;
}

export function loginBody(
  csrf: string,
  next: string,
  error: string | null,
  email: string,
  codeError = false,
): Html {
  const at = codeError ? "code" : "email";
  const errors: FieldErrors = error ? new Map([[at, [error]]]) : new Map();
  return html`<h1>Log in to the registry editor</h1>
    ${errorSummary(
      errors,
      new Map([
        ["email", "Email address"],
        ["code", "Authentication code"],
      ]),
    )}
    <form method="post" action="/edit/login" novalidate>
      ${csrfField(csrf)} ${hidden("next", next)}
      ${field({ name: "email", label: "Email address", kind: "email", autocomplete: "username" }, email, errors)}
      ${field(
        { name: "password", label: "Password", kind: "password", autocomplete: "current-password" },
        "",
        new Map(),
      )}
      ${field(
        {
          name: "code",
          label: "Authentication code",
          hint: "Only if your account uses two-factor authentication (every admin account must): the 6 digits your app shows now, or one of your recovery codes.",
          width: 10,
          autocomplete: "one-time-code",
        },
        "",
        errors,
      )}
      ${button("Log in")}
    </form>
    <p>
      Accounts are by invitation only. Anyone can <a href="/edit/submit">tell us about a policy</a>.
    </p>`;
}

/** What the two-factor page shows. */
export type MfaView =
  | { state: "off"; required: boolean }
  | { state: "enrolling"; secret: string; uri: string }
  | { state: "recovery-codes"; codes: string[] }
  | { state: "on"; recoveryLeft: number };

/** The two-factor authentication page: set up (secret shown once, confirm a code), codes, remove. */
export function mfaBody(csrf: string, view: MfaView, error: string | null): Html {
  const errors: FieldErrors = error ? new Map([["code", [error]]]) : new Map();
  const summary = errorSummary(errors, new Map([["code", "Code"]]));
  const codeField = (label: string, hint: string) =>
    field({ name: "code", label, hint, width: 10, autocomplete: "one-time-code" }, "", errors);
  if (view.state === "off") {
    return html`<h1>Two-factor authentication</h1>
      ${summary}
      <p>
        Not set up.
        ${view.required ? "Your account is an admin account: the admin pages need it." : "It is optional for your role, and recommended."}
        You need an authenticator app (any app for "TOTP" codes).
      </p>
      <form method="post" action="/edit/mfa/start" novalidate>
        ${csrfField(csrf)} ${button("Set up two-factor authentication")}
      </form>`;
  }
  if (view.state === "enrolling") {
    return html`<h1>Set up two-factor authentication</h1>
      ${summary}
      <p>
        Add this key to your authenticator app. It is shown only now: if you leave this page, start
        again.
      </p>
      ${inset(html`Key: <code>${view.secret}</code><br />Or the address: <code>${view.uri}</code>`)}
      <form method="post" action="/edit/mfa/confirm" novalidate>
        ${csrfField(csrf)}
        ${codeField("Code from the app", "The 6 digits the app shows now, to check it is set up.")}
        ${button("Confirm")}
      </form>`;
  }
  if (view.state === "recovery-codes") {
    return html`<h1>Two-factor authentication is on</h1>
      <p>
        Keep these recovery codes somewhere safe. Each works once, in place of a code from the app,
        if you lose your phone. They are shown only now.
      </p>
      ${inset(html`<code>${view.codes.join(" ")}</code>`)}
      <p><a href="/edit/">Back to the editor</a></p>`;
  }
  return html`<h1>Two-factor authentication</h1>
    ${summary}
    <p>On. ${view.recoveryLeft} recovery codes left unused.</p>
    <h2>Turn it off</h2>
    <form method="post" action="/edit/mfa/disable" novalidate>
      ${csrfField(csrf)}
      ${codeField("Code from the app, or a recovery code", "Admin pages need it: turning it off leaves you without them.")}
      ${button("Turn off two-factor authentication", true)}
    </form>`;
}

export function inviteBody(csrf: string, email: string, error: string | null): Html {
  const errors: FieldErrors = error ? new Map([["password", [error]]]) : new Map();
  return html`<h1>Set your password</h1>
    <p>
      For ${email}. Use at least 12 characters; a passphrase of several unrelated words is best.
      Common passwords, keyboard runs, and passwords containing your email address or the name of
      this service are refused.
    </p>
    ${errorSummary(errors, new Map([["password", "Password"]]))}
    <form method="post" novalidate>
      ${csrfField(csrf)}
      ${field(
        { name: "password", label: "New password", kind: "password", autocomplete: "new-password" },
        "",
        errors,
      )}
      ${field(
        {
          name: "confirm",
          label: "The same again",
          kind: "password",
          autocomplete: "new-password",
        },
        "",
        new Map(),
      )}
      ${button("Set password")}
    </form>`;
}

export function usersBody(
  csrf: string,
  users: Array<User & { active: boolean; lockedUntil: string | null; mfa: boolean }>,
  error: string | null,
  invited: {
    email: string;
    expires: string;
    /** Shown once when the invitation was not e-mailed. */
    link: string | null;
    /** Why the e-mail failed, if it was tried. */
    mailError?: string;
  } | null,
  /** The admin viewing the page (no reset button on their own row), and a reset's outcome. */
  reset: { selfId: number; done?: string; error?: string },
): Html {
  const errors: FieldErrors = error ? new Map([["email", [error]]]) : new Map();
  const rows = users.map(
    (u) =>
      html`<tr class="nhsuk-table__row">
        <td class="nhsuk-table__cell">${u.email}</td>
        <td class="nhsuk-table__cell">${u.role}</td>
        <td class="nhsuk-table__cell">
          ${u.active ? "active" : "invited"}${u.lockedUntil ? `, locked until ${u.lockedUntil}` : ""}
        </td>
        <td class="nhsuk-table__cell">
          ${u.mfa ? "on" : "off"}
          ${
            u.mfa && u.id !== reset.selfId
              ? html`<form method="post" action="/edit/users/mfa-reset" novalidate>
                  ${csrfField(csrf)}
                  <input type="hidden" name="email" value="${u.email}" />
                  ${button(`Remove two-factor for ${u.email}`, true)}
                </form>`
              : ""
          }
        </td>
      </tr>`,
  );
  return html`<h1>Accounts</h1>
    ${reset.done ? inset(reset.done) : ""}
    ${reset.error ? inset(`Two-factor authentication not removed: ${reset.error}.`) : ""}
    ${
      invited === null
        ? ""
        : invited.link === null
          ? inset(
              html`Invitation e-mailed to ${invited.email} (valid until ${invited.expires}, works
              once).`,
            )
          : inset(
              html`${invited.mailError ? `The e-mail could not be sent (${invited.mailError}). ` : ""}Invitation
                for ${invited.email} (valid until ${invited.expires}); send this link privately, it
                is shown only once: <code>${invited.link}</code>`,
            )
    }
    ${table(["Email", "Role", "State", "Two-factor"], rows)}
    <p class="nhsuk-body-s">
      Removing someone's two-factor authentication (a lost phone and lost recovery codes) ends their
      sessions; an admin must then set it up again before reaching these pages. It is audited.
    </p>
    <h2>Invite someone</h2>
    ${errorSummary(errors, new Map([["email", "Email address"]]))}
    <form method="post" action="/edit/users" novalidate>
      ${csrfField(csrf)}
      ${field({ name: "email", label: "Email address", kind: "email" }, "", errors)}
      ${field(
        {
          name: "role",
          label: "Role",
          kind: "select",
          options: ["contributor", "reviewer", "admin"] satisfies Role[],
        },
        "contributor",
        new Map(),
      )}
      ${button("Create invitation")}
    </form>`;
}

function proposalRows(list: Proposal[]): Html {
  if (list.length === 0) return html`<p>None.</p>`;
  const rows = list.map(
    (p) =>
      html`<tr class="nhsuk-table__row">
        <td class="nhsuk-table__cell"><a href="/edit/proposal/${p.id}">${p.id}</a></td>
        <td class="nhsuk-table__cell">${p.kind} ${p.recordId ?? ""}</td>
        <td class="nhsuk-table__cell">${p.proposedBy}</td>
        <td class="nhsuk-table__cell">${p.proposedAt}</td>
        <td class="nhsuk-table__cell">
          ${p.status}${p.decisionReason ? `: ${p.decisionReason}` : ""}
        </td>
      </tr>`,
  );
  return table(["Proposal", "Record", "By", "When (UTC)", "Status"], rows);
}

export function dashboardBody(
  csrf: string,
  user: User,
  mine: Proposal[],
  records: RecordVersion[],
  pending: number | null,
): Html {
  const kinds = [
    ["policy", "Policy records"],
    ["intervention", "Interventions"],
    ["framework", "Scorecard frameworks"],
    ["assessment", "Scorecard assessments"],
  ] as const;
  const lists = kinds.map(([kind, heading]) => {
    const of = records.filter((r) => r.kind === kind);
    const items = of.map(
      (r) =>
        html`<li>
          <a href="${editPath(r)}">${r.id}</a> (version ${r.version}, ${r.reviewStatus})
        </li>`,
    );
    return html`<h2>${heading}</h2>
      ${
        of.length === 0
          ? html`<p>None yet.</p>`
          : html`<ul>
              ${items}
            </ul>`
      }`;
  });
  return html`<h1>Registry editor</h1>
    <p>Logged in as ${user.email} (${user.role}).</p>
    <ul>
      <li><a href="/edit/policy/new">Propose a new policy record</a></li>
      <li>
        Propose a new <a href="/edit/record/intervention/new">intervention</a>,
        <a href="/edit/record/framework/new">scorecard framework</a> or
        <a href="/edit/record/assessment/new">scorecard assessment</a> (to change one, follow its
        link below)
      </li>
      <li><a href="/edit/mfa">Two-factor authentication</a> (required for admins)</li>
      ${
        pending !== null
          ? html`<li><a href="/edit/review">Review queue</a> (${pending} pending)</li>`
          : ""
      }
      ${user.role === "admin" ? html`<li><a href="/edit/users">Accounts</a></li>` : ""}
    </ul>
    <form method="post" action="/edit/logout">${csrfField(csrf)} ${button("Log out", true)}</form>
    <form method="post" action="/edit/logout-everywhere">
      ${csrfField(csrf)} ${button("Log out on every device", true)}
    </form>
    <h2>Your proposals</h2>
    ${proposalRows(mine)} ${lists}`;
}

export function queueBody(pending: Proposal[]): Html {
  return html`<h1>Review queue</h1>
    <p>Pending proposals and public submissions, newest first. None is published until approved.</p>
    ${proposalRows(pending)}`;
}

function diffTable(before: unknown, after: unknown): Html {
  const changes = diffRecords(before ?? {}, after);
  if (changes.length === 0) return html`<p>No change to the data.</p>`;
  const rows = changes.map(
    (d) =>
      html`<tr class="nhsuk-table__row">
        <td class="nhsuk-table__cell">${d.path}</td>
        <td class="nhsuk-table__cell"><del>${show(d.before)}</del></td>
        <td class="nhsuk-table__cell"><ins>${show(d.after)}</ins></td>
      </tr>`,
  );
  return table(["Field", "Current", "Proposed"], rows, {
    caption: "Changes against the current version",
    className: "rw-diff",
  });
}

export function proposalBody(
  csrf: string,
  p: Proposal,
  current: RecordVersion | undefined,
  canDecide: boolean,
): Html {
  const stale =
    p.kind !== "submission" && (current?.version ?? 0) !== (p.baseVersion ?? 0)
      ? inset(
          `The record has moved on since this proposal was made (from version ${p.baseVersion ?? 0}; it is at version ${current?.version ?? 0} now): approving it would be a conflict. Ask for changes.`,
        )
      : "";
  const evidence = (p.data as { evidenceSha256?: string | null }).evidenceSha256;
  const convert =
    canDecide && p.status === "pending" && p.kind === "submission"
      ? html`<h2>Make it a record</h2>
          <p>
            Start a <a href="/edit/policy/new?from=${p.id}">policy record</a> or an
            <a href="/edit/record/intervention/new?from=${p.id}">intervention record</a> from this
            submission: the form opens with its commissioner, intervention, link, document and the
            submitter's words filled in. Once sent, the record waits in the review queue for another
            reviewer, and this submission is closed as converted. If that record proposal is
            rejected or sent back for changes, this submission opens again here, in the review
            queue.
          </p>`
      : "";
  /** The decision form: `choice` names the decision (a select, or the one decision allowed). */
  const decideForm = (choice: Html, reasonLabel: string, submit: string) =>
    html`<form method="post" action="/edit/proposal/${p.id}/decide" novalidate>
      ${csrfField(csrf)} ${choice}
      ${field({ name: "reason", label: reasonLabel, kind: "textarea" }, "", new Map())}
      ${button(submit)}
    </form>`;
  const decision = !(canDecide && p.status === "pending")
    ? ""
    : p.reopenedAfter !== null
      ? html`${convert}
          <h2>Reject</h2>
          <p>
            If it is not worth a record, reject it: it leaves the queue for good, with your reason
            beside the submitter's words.
          </p>
          ${decideForm(
            html`<input type="hidden" name="decision" value="rejected" />`,
            "Reason (required)",
            "Reject submission",
          )}`
      : html`${convert}
          <h2>Decide</h2>
          ${decideForm(
            field(
              {
                name: "decision",
                label: "Decision",
                kind: "select",
                options: ["approved", "rejected", "changes-requested"],
              },
              "",
              new Map(),
            ),
            "Reason (required to reject or ask for changes)",
            "Record decision",
          )}`;
  return html`<h1>Proposal ${p.id}: ${p.kind} ${p.recordId ?? ""}</h1>
    <p>
      Proposed by ${p.proposedBy} at ${p.proposedAt}
      UTC${
        p.baseVersion
          ? `, from version ${p.baseVersion}`
          : p.kind === "submission"
            ? ""
            : ", as a new record"
      }.
      Why: ${p.reason}
    </p>
    <p>
      Status: <strong>${p.status}</strong>${
        p.reopenedAfter !== null
          ? html` (reopened: proposal
              <a href="/edit/proposal/${p.reopenedAfter}">${p.reopenedAfter}</a>, made from it, was
              rejected or sent back; first converted by ${p.decidedBy} at ${p.decidedAt} UTC)`
          : p.decidedBy
            ? ` by ${p.decidedBy} at ${p.decidedAt} UTC${p.decisionReason ? `: ${p.decisionReason}` : ""}`
            : ""
      }${p.version ? ` (now version ${p.version})` : ""}
    </p>
    ${stale}
    ${
      p.kind === "submission"
        ? html`<dl class="nhsuk-summary-list">
            ${Object.entries(p.data as Record<string, unknown>).map(
              ([k, v]) =>
                html`<div class="nhsuk-summary-list__row">
                  <dt class="nhsuk-summary-list__key">${k}</dt>
                  <dd class="nhsuk-summary-list__value">${show(v)}</dd>
                </div>`,
            )}
          </dl>`
        : diffTable(current?.data, p.data)
    }
    ${evidence ? html`<p><a href="/edit/evidence/${evidence}" download>Download the document</a></p>` : ""}
    ${decision}`;
}

const editPath = (r: RecordVersion) =>
  r.kind === "policy"
    ? `/edit/policy/${encodeURIComponent(r.id)}`
    : `/edit/record/${r.kind}/${encodeURIComponent(r.id)}`;

export function conflictBody(
  message: string,
  yours: unknown,
  latest: RecordVersion | undefined,
): Html {
  return html`<h1>Someone else changed this record</h1>
    <p>${message}. Nothing was saved: your change would have overwritten theirs.</p>
    ${
      latest
        ? html`<p>
              The record is now at version ${latest.version} (by ${latest.changedBy} at
              ${latest.changedAt} UTC). What your change would alter in it:
            </p>
            ${diffTable(latest.data, yours)}
            <p>
              <a href="${editPath(latest)}">Edit the current version</a>
            </p>`
        : ""
    }`;
}

export function submitBody(
  csrf: string,
  values: Map<string, string>,
  errors: FieldErrors,
  maxUpload: string,
): Html {
  const fields = [
    { name: "commissioner", label: "Which commissioner (ICB, sub-ICB location or CCG)?" },
    { name: "intervention", label: "Which treatment does it restrict?" },
    { name: "sourceUrl", label: "Link to the policy document" },
    {
      name: "document",
      label: "Or upload the document",
      hint: `PDF, PNG or JPEG, at most ${maxUpload}`,
      kind: "file" as const,
    },
    { name: "description", label: "What does it say? (optional)", kind: "textarea" as const },
    {
      name: "contact",
      label: "Your email, if we may ask you about it (optional; never published)",
      kind: "email" as const,
    },
  ];
  const labels = new Map(fields.map((f) => [f.name, f.label]));
  return html`<h1>I found a rationing policy</h1>
    <p>
      Tell us about a commissioner's policy that restricts a treatment. A reviewer checks every
      submission against its source before anything is published.
    </p>
    ${errorSummary(errors, labels)}
    <form method="post" action="/edit/submit" enctype="multipart/form-data" novalidate>
      ${csrfField(csrf)} ${fields.map((f) => field(f, values.get(f.name) ?? "", errors))}
      ${button("Send")}
    </form>`;
}
