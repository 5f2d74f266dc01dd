/**
 * Per-client rate limits kept in the registry database, so every server process on one registry
 * (several replicas on a PostgreSQL server, or two apps on one PGlite) shares the same counters.
 * Each limit is a token bucket: `capacity` requests at once, refilled at `perHour` an hour. Taking
 * a token is one `INSERT … ON CONFLICT DO UPDATE` statement: the database locks the client's row,
 * so parallel requests from any process can never take more tokens than the bucket holds.
 * Client keys (IP addresses) are stored only as an HMAC under a per-registry secret.
 */
import { createHmac } from "node:crypto";

import type { Queryable } from "./db.ts";

export interface RateLimit {
  /** Requests allowed at once. */
  capacity: number;
  /** Tokens added back an hour. */
  perHour: number;
}

/** The bucket after refilling since its last use, capped at the capacity ($3 capacity, $4 per hour, $5 now). */
const REFILLED =
  "least($3::double precision, b.tokens + greatest(0, extract(epoch FROM ($5::timestamptz - b.at))) / 3600 * $4::double precision)";

/** Takes one token from `client`'s bucket for `scope`; false when the bucket is empty. */
export async function takeToken(
  db: Queryable,
  secret: Buffer,
  scope: string,
  client: string,
  limit: RateLimit,
  now: Date,
): Promise<boolean> {
  const key = createHmac("sha256", secret).update(client).digest("base64url");
  const [row] = await db.query<{ allowed: boolean }>(
    `INSERT INTO rate_bucket AS b (scope, client_hmac, tokens, at, allowed)
     VALUES ($1, $2, $3::double precision - 1, $5, $3::double precision >= 1)
     ON CONFLICT (scope, client_hmac) DO UPDATE SET
       tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
       at = greatest(b.at, $5::timestamptz),
       allowed = ${REFILLED} >= 1
     RETURNING allowed`,
    [scope, key, limit.capacity, limit.perHour, now.toISOString()],
  );
  return row?.allowed === true;
}

/**
 * Removes buckets idle long enough to be full again (they would behave exactly like a new one).
 * Only housekeeping: a bucket that is kept changes nothing.
 */
export async function pruneBuckets(
  db: Queryable,
  scope: string,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const fullAfterSeconds = Math.ceil((limit.capacity / limit.perHour) * 3600);
  await db.query(
    "DELETE FROM rate_bucket WHERE scope = $1 AND at < $2::timestamptz - make_interval(secs => $3)",
    [scope, now.toISOString(), fullAfterSeconds],
  );
}
