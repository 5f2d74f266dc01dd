/** `rationwatch registry user add|list`: editor accounts from the command line (the first admin). */
import { UsageError } from "../errors.ts";
import { inviteUser, listUsers, ROLES, type Role } from "../registry/accounts.ts";

import { parseChoice } from "./args.ts";
import type { CliIo } from "./io.ts";
import { renderTable } from "./output.ts";
import { actorOf, withReadRegistry, withWritableRegistry } from "./registry-open.ts";

export async function runUser(
  io: CliIo,
  args: string[],
  values: { registry?: string; email?: string; role?: string; url?: string; actor?: string },
): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "list" && rest.length === 0) {
    const users = await withReadRegistry(io, values.registry, (db) => listUsers(db));
    io.stdout(
      renderTable(
        [
          { header: "email", value: (u) => u.email },
          { header: "role", value: (u) => u.role },
          { header: "state", value: (u) => (u.active ? "active" : "invited") },
          { header: "locked_until", value: (u) => u.lockedUntil },
        ],
        users,
      ),
    );
    return;
  }
  if (sub !== "add" || rest.length !== 0) {
    throw new UsageError(
      "expected 'registry user add --email EMAIL --role ROLE' or 'registry user list'",
    );
  }
  if (values.email === undefined) throw new UsageError("user add: --email is required");
  if (values.role === undefined) {
    throw new UsageError(`user add: --role is required (${ROLES.join(", ")})`);
  }
  const role: Role = parseChoice("role", values.role, ROLES, "contributor");
  const base = (values.url ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+$/.test(base)) {
    throw new UsageError(`--url: expected the editor's address like https://host, got "${base}"`);
  }
  const inv = await withWritableRegistry(io, values.registry, (db) =>
    inviteUser(db, {
      email: values.email as string,
      role,
      invitedBy: actorOf(io, values.actor),
      now: io.now(),
    }),
  );
  io.stdout(
    `registry: created the ${role} account ${inv.user.email}. To set its password, open this one-time link (valid until ${inv.expiresAt.toISOString()}; it is not stored and not shown again):\n${base}/edit/invite/${inv.token}\n`,
  );
  if (role === "admin") {
    io.stdout(
      `After logging in, set up two-factor authentication at ${base}/edit/mfa: the admin pages need it.\n`,
    );
  }
}
