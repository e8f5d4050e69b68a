import type { SqlNames } from "./sql-names.ts";

/** One schema change. Versions only grow; a shipped migration is never edited, only followed by a new one. */
export interface Migration {
  version: number;
  /** The SQL, given the world's quoted names. Runs in one transaction. */
  sql(names: SqlNames): string;
}

/**
 * Parts of version 6's SQL that its `append_events` and `create_run` share, written once. They belong to that
 * shipped migration: change them only by adding a version that redefines the functions.
 *
 * The loop over a call's events: a settling event whose key `skipTest` finds (seen earlier in the call, or
 * settled in the log) is dropped, the rest are kept in order up to the first that ends the run.
 */
function foldBatchV6(skipTest: string): string {
  return `  for i in 1 .. coalesce(array_length(p_ids, 1), 0) loop
    if p_keys[i] is not null then
      if ${skipTest} then
        continue;
      end if;
      v_seen := v_seen || p_keys[i];
    end if;
    v_kept := v_kept || i;
    v_disposes := v_disposes or p_hooks[i] is not null;
    v_creates := v_creates or p_created[i] is not null;
    if p_statuses[i] = 'running' then
      v_started := true;
    elsif p_statuses[i] is not null then
      v_status := p_statuses[i];
      exit;
    end if;
  end loop;
`;
}

/** Version 6: the kept events' hook bookkeeping for a run that goes on (hooks recorded, disposed ones freed). */
function recordHookChangesV6(s: string): string {
  return `    if v_creates then
      insert into ${s}.recorded_hooks (run_id, hook_id)
        select p_run_id, p_created[k] from unnest(v_kept) as k where p_created[k] is not null
        on conflict do nothing;
    end if;
    if v_disposes then
      delete from ${s}.hooks h where h.run_id = p_run_id and h.hook_id = any(select p_hooks[k] from unnest(v_kept) as k);
      delete from ${s}.recorded_hooks c where c.run_id = p_run_id and c.hook_id = any(select p_hooks[k] from unnest(v_kept) as k);
    end if;
`;
}

/**
 * The world's schema, as a list of versioned migrations (applied in order by `migrate`).
 * Times are milliseconds since the epoch (`bigint`), as in the event log. `now_ms()` is the database's clock,
 * shared by every instance, so owner heartbeats compare across machines with skewed clocks.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: ({ s }) => `
create table ${s}.runs (
  run_id text collate "C" primary key,
  workflow_name text not null,
  status text not null,
  created_at bigint not null,
  started_at bigint,
  completed_at bigint,
  event_count integer not null,
  last_event_id text collate "C" not null,
  idempotency_key text unique
);
create index runs_active on ${s}.runs (run_id) where status in ('pending', 'running');
create index runs_by_workflow on ${s}.runs (workflow_name, run_id desc);
create index runs_by_status on ${s}.runs (status, run_id desc);

create table ${s}.events (
  run_id text collate "C" not null,
  seq integer not null,
  event_id text collate "C" not null,
  settle_key text,
  body text not null,
  primary key (run_id, seq)
);
create unique index events_settled on ${s}.events (run_id, settle_key) where settle_key is not null;

create table ${s}.hooks (
  token text primary key,
  run_id text collate "C" not null,
  hook_id text not null,
  kind text not null,
  metadata text,
  created_at bigint not null
);
create index hooks_by_run on ${s}.hooks (run_id);

create table ${s}.streams (
  name text primary key,
  chunk_count integer not null default 0,
  closed boolean not null default false
);
create table ${s}.stream_chunks (
  name text not null,
  idx integer not null,
  data bytea not null,
  primary key (name, idx)
);

create table ${s}.owners (
  owner_id text primary key,
  expires_at bigint not null
);
create table ${s}.run_owners (
  run_id text collate "C" primary key,
  owner_id text not null
);

create function ${s}.now_ms() returns bigint language sql volatile as
  $$ select (extract(epoch from clock_timestamp()) * 1000)::bigint $$;

-- Appends one call's events to a run under its row lock. The caller computes, per event, its settlement key
-- (null when it settles nothing), the run status it sets (a terminal status, 'running', or null) and the hook
-- it disposes (or null); this
-- function keeps the log rules that need the stored log: a settled key is never stored twice, nothing follows
-- a terminal event, and an exact call stores all of its events or none. Event ids must exceed the run's last
-- one (else 'stale' is returned with that id, and the caller retries with later ids).
create function ${s}.append_events(
  p_run_id text, p_ids text[], p_keys text[], p_statuses text[], p_hooks text[], p_bodies text[],
  p_created_at bigint, p_exact boolean, p_channel text, p_notice text
) returns table (outcome text, kept integer[], last_event_id text) language plpgsql as $$
declare
  v_run record;
  v_kept integer[] := '{}';
  v_seen text[] := '{}';
  v_status text;
  v_started boolean := false;
  v_count integer;
  i integer;
begin
  select r.status, r.event_count, r.last_event_id into v_run from ${s}.runs r where r.run_id = p_run_id for update;
  if not found then
    return query select 'missing'::text, null::integer[], null::text;
    return;
  end if;
  if v_run.status in ('completed', 'failed', 'cancelled') then
    return query select 'ok'::text, '{}'::integer[], v_run.last_event_id;
    return;
  end if;
  if p_ids[1] collate "C" <= v_run.last_event_id collate "C" then
    return query select 'stale'::text, null::integer[], v_run.last_event_id;
    return;
  end if;
  for i in 1 .. coalesce(array_length(p_ids, 1), 0) loop
    if p_keys[i] is not null then
      if p_keys[i] = any(v_seen)
        or exists (select 1 from ${s}.events e where e.run_id = p_run_id and e.settle_key = p_keys[i]) then
        continue;
      end if;
      v_seen := v_seen || p_keys[i];
    end if;
    v_kept := v_kept || i;
    if p_statuses[i] = 'running' then
      v_started := true;
    elsif p_statuses[i] is not null then
      v_status := p_statuses[i];
      exit;
    end if;
  end loop;
  v_count := coalesce(array_length(v_kept, 1), 0);
  if v_count = 0 or (p_exact and v_count <> array_length(p_ids, 1)) then
    return query select 'ok'::text, '{}'::integer[], v_run.last_event_id;
    return;
  end if;
  insert into ${s}.events (run_id, seq, event_id, settle_key, body)
    select p_run_id, v_run.event_count + o.n::integer - 1, p_ids[o.k], p_keys[o.k], p_bodies[o.k]
    from unnest(v_kept) with ordinality as o(k, n);
  update ${s}.runs r set
    event_count = r.event_count + v_count,
    last_event_id = p_ids[v_kept[v_count]],
    status = coalesce(v_status, case when v_started and r.status = 'pending' then 'running' else r.status end),
    started_at = case when v_started then coalesce(r.started_at, p_created_at) else r.started_at end,
    completed_at = case when v_status is not null then p_created_at else r.completed_at end
  where r.run_id = p_run_id;
  if v_status is not null then
    delete from ${s}.hooks h where h.run_id = p_run_id;
  else
    delete from ${s}.hooks h where h.run_id = p_run_id
      and h.hook_id = any(select p_hooks[k] from unnest(v_kept) as k);
  end if;
  if p_channel is not null then
    perform pg_notify(p_channel, p_notice);
  end if;
  return query select 'ok'::text, v_kept, p_ids[v_kept[v_count]];
end;
$$;

-- Creates a run: its summary row and run_created (seq 0), then the first events through append_events, in the
-- caller's one statement. 'exists' (with the run's id) when the idempotency key already names a run.
create function ${s}.create_run(
  p_run_id text, p_workflow_name text, p_created_at bigint, p_event_id text, p_key text, p_body text,
  p_ids text[], p_keys text[], p_statuses text[], p_hooks text[], p_bodies text[], p_channel text, p_notice text
) returns table (outcome text, kept integer[], last_event_id text) language plpgsql as $$
begin
  insert into ${s}.runs (run_id, workflow_name, status, created_at, event_count, last_event_id, idempotency_key)
    values (p_run_id, p_workflow_name, 'pending', p_created_at, 1, p_event_id, p_key)
    on conflict (idempotency_key) do nothing;
  if not found then
    return query select 'exists'::text, null::integer[], r.run_id::text from ${s}.runs r where r.idempotency_key = p_key;
    return;
  end if;
  insert into ${s}.events (run_id, seq, event_id, settle_key, body) values (p_run_id, 0, p_event_id, null, p_body);
  if coalesce(array_length(p_ids, 1), 0) = 0 then
    if p_channel is not null then
      perform pg_notify(p_channel, p_notice);
    end if;
    return query select 'ok'::text, '{}'::integer[], p_event_id;
    return;
  end if;
  return query select * from ${s}.append_events(p_run_id, p_ids, p_keys, p_statuses, p_hooks, p_bodies, p_created_at, false, p_channel, p_notice);
end;
$$;
`,
  },
  {
    version: 2,
    sql: ({ s, w }) => `
-- Adds queue messages (a JSON array) as graphile-worker jobs, by the rule of queue.enqueue: keyed by the
-- message id, due at its dueAt, in the task of its owner while that owner is alive (else the shared task);
-- a timer notice for each message due later. Called in the statement of an append or a run's creation, so
-- the jobs are committed with the events or not at all. The task names and attempt limit come from the caller.
create function ${s}.enqueue_messages(
  p_messages json, p_shared_task text, p_owner_prefix text, p_max_attempts integer, p_channel text, p_origin text
) returns integer language plpgsql as $$
declare
  m json;
  v_count integer := 0;
begin
  for m in select value from json_array_elements(p_messages) loop
    perform ${w}.add_job(
      case when m->>'owner' is not null
          and exists (select 1 from ${s}.owners o where o.owner_id = m->>'owner' and o.expires_at > ${s}.now_ms())
        then p_owner_prefix || (m->>'owner') else p_shared_task end,
      m, run_at => to_timestamp((m->>'dueAt')::float8 / 1000), max_attempts => p_max_attempts, job_key => m->>'id');
    if (m->>'dueAt')::float8 > ${s}.now_ms() then
      perform pg_notify(p_channel, p_origin || '|t|' || (m->>'dueAt'));
    end if;
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;
`,
  },
  {
    version: 3,
    sql: ({ s }) => `
-- Lets an instance whose LISTEN connection was away find the runs that ended meanwhile (pg-catch-up.ts).
create index runs_by_completed_at on ${s}.runs (completed_at) where completed_at is not null;
`,
  },
  {
    version: 4,
    sql: ({ s }) => `
-- Text a devtools search looks in: workflow name, run id and the start of the serialized input, lower-cased
-- (the rule of run-search-text.ts). Set from run_created when a run is created, backfilled for older runs.
alter table ${s}.runs add column search_text text;
update ${s}.runs r set search_text = lower(r.workflow_name || ' ' || r.run_id || ' ' || left(coalesce(e.body::json->>'input', ''), 500))
  from ${s}.events e where e.run_id = r.run_id and e.seq = 0;

create function ${s}.set_search_text() returns trigger language plpgsql as $$
begin
  update ${s}.runs set search_text = lower(workflow_name || ' ' || run_id || ' ' || left(coalesce(new.body::json->>'input', ''), 500))
    where run_id = new.run_id;
  return null;
end;
$$;
create trigger events_search_text after insert on ${s}.events for each row when (new.seq = 0)
  execute function ${s}.set_search_text();

-- Trigram index for "contains" searches when pg_trgm can be installed; without it a search scans the runs.
do $$
declare
  v_schema text;
begin
  begin
    create extension if not exists pg_trgm;
  exception when others then
    null;
  end;
  select n.nspname into v_schema from pg_extension x join pg_namespace n on n.oid = x.extnamespace where x.extname = 'pg_trgm';
  if v_schema is not null then
    execute format('create index runs_search on ${s}.runs using gin (search_text %I.gin_trgm_ops)', v_schema);
  end if;
end;
$$;
`,
  },
  {
    version: 5,
    sql: ({ s }) => `
-- Hooks whose hook_created is stored in their run's log, so a token lookup can tell a recorded hook from a
-- claim made just before its append (or left by a crash in between) without reading the log. Rows go with
-- the hook's token row: when the hook is disposed or its run ends.
create table ${s}.recorded_hooks (
  run_id text collate "C" not null,
  hook_id text not null,
  primary key (run_id, hook_id)
);
insert into ${s}.recorded_hooks (run_id, hook_id)
  select distinct e.run_id, e.body::json->>'correlationId' from ${s}.events e join ${s}.runs r on r.run_id = e.run_id
  where r.status in ('pending', 'running') and e.body::json->>'type' = 'hook_created';

drop function ${s}.create_run(text, text, bigint, text, text, text, text[], text[], text[], text[], text[], text, text);
drop function ${s}.append_events(text, text[], text[], text[], text[], text[], bigint, boolean, text, text);

-- As in version 1, plus: p_created names the hook each event creates (or null), recorded in recorded_hooks
-- with the event; a terminal event also drops the run's owner claim (nothing runs an ended run); create_run
-- stores the claim of p_owner (the creating instance) with the run, when given.
create function ${s}.append_events(
  p_run_id text, p_ids text[], p_keys text[], p_statuses text[], p_hooks text[], p_bodies text[],
  p_created_at bigint, p_exact boolean, p_channel text, p_notice text, p_created text[] default null
) returns table (outcome text, kept integer[], last_event_id text) language plpgsql as $$
declare
  v_run record;
  v_kept integer[] := '{}';
  v_seen text[] := '{}';
  v_status text;
  v_started boolean := false;
  v_count integer;
  i integer;
begin
  select r.status, r.event_count, r.last_event_id into v_run from ${s}.runs r where r.run_id = p_run_id for update;
  if not found then
    return query select 'missing'::text, null::integer[], null::text;
    return;
  end if;
  if v_run.status in ('completed', 'failed', 'cancelled') then
    return query select 'ok'::text, '{}'::integer[], v_run.last_event_id;
    return;
  end if;
  if p_ids[1] collate "C" <= v_run.last_event_id collate "C" then
    return query select 'stale'::text, null::integer[], v_run.last_event_id;
    return;
  end if;
  for i in 1 .. coalesce(array_length(p_ids, 1), 0) loop
    if p_keys[i] is not null then
      if p_keys[i] = any(v_seen)
        or exists (select 1 from ${s}.events e where e.run_id = p_run_id and e.settle_key = p_keys[i]) then
        continue;
      end if;
      v_seen := v_seen || p_keys[i];
    end if;
    v_kept := v_kept || i;
    if p_statuses[i] = 'running' then
      v_started := true;
    elsif p_statuses[i] is not null then
      v_status := p_statuses[i];
      exit;
    end if;
  end loop;
  v_count := coalesce(array_length(v_kept, 1), 0);
  if v_count = 0 or (p_exact and v_count <> array_length(p_ids, 1)) then
    return query select 'ok'::text, '{}'::integer[], v_run.last_event_id;
    return;
  end if;
  insert into ${s}.events (run_id, seq, event_id, settle_key, body)
    select p_run_id, v_run.event_count + o.n::integer - 1, p_ids[o.k], p_keys[o.k], p_bodies[o.k]
    from unnest(v_kept) with ordinality as o(k, n);
  update ${s}.runs r set
    event_count = r.event_count + v_count,
    last_event_id = p_ids[v_kept[v_count]],
    status = coalesce(v_status, case when v_started and r.status = 'pending' then 'running' else r.status end),
    started_at = case when v_started then coalesce(r.started_at, p_created_at) else r.started_at end,
    completed_at = case when v_status is not null then p_created_at else r.completed_at end
  where r.run_id = p_run_id;
  if v_status is not null then
    delete from ${s}.hooks h where h.run_id = p_run_id;
    delete from ${s}.recorded_hooks c where c.run_id = p_run_id;
    delete from ${s}.run_owners o where o.run_id = p_run_id;
  else
    if p_created is not null then
      insert into ${s}.recorded_hooks (run_id, hook_id)
        select p_run_id, p_created[k] from unnest(v_kept) as k where p_created[k] is not null
        on conflict do nothing;
    end if;
    if exists (select 1 from unnest(v_kept) as k where p_hooks[k] is not null) then
      delete from ${s}.hooks h where h.run_id = p_run_id and h.hook_id = any(select p_hooks[k] from unnest(v_kept) as k);
      delete from ${s}.recorded_hooks c where c.run_id = p_run_id and c.hook_id = any(select p_hooks[k] from unnest(v_kept) as k);
    end if;
  end if;
  if p_channel is not null then
    perform pg_notify(p_channel, p_notice);
  end if;
  return query select 'ok'::text, v_kept, p_ids[v_kept[v_count]];
end;
$$;

create function ${s}.create_run(
  p_run_id text, p_workflow_name text, p_created_at bigint, p_event_id text, p_key text, p_body text,
  p_ids text[], p_keys text[], p_statuses text[], p_hooks text[], p_bodies text[], p_channel text, p_notice text,
  p_created text[] default null, p_owner text default null
) returns table (outcome text, kept integer[], last_event_id text) language plpgsql as $$
begin
  insert into ${s}.runs (run_id, workflow_name, status, created_at, event_count, last_event_id, idempotency_key)
    values (p_run_id, p_workflow_name, 'pending', p_created_at, 1, p_event_id, p_key)
    on conflict (idempotency_key) do nothing;
  if not found then
    return query select 'exists'::text, null::integer[], r.run_id::text from ${s}.runs r where r.idempotency_key = p_key;
    return;
  end if;
  insert into ${s}.events (run_id, seq, event_id, settle_key, body) values (p_run_id, 0, p_event_id, null, p_body);
  if p_owner is not null then
    insert into ${s}.run_owners (run_id, owner_id) values (p_run_id, p_owner)
      on conflict (run_id) do update set owner_id = excluded.owner_id;
  end if;
  if coalesce(array_length(p_ids, 1), 0) = 0 then
    if p_channel is not null then
      perform pg_notify(p_channel, p_notice);
    end if;
    return query select 'ok'::text, '{}'::integer[], p_event_id;
    return;
  end if;
  return query select * from ${s}.append_events(p_run_id, p_ids, p_keys, p_statuses, p_hooks, p_bodies, p_created_at, false, p_channel, p_notice, p_created);
end;
$$;
`,
  },
  {
    version: 6,
    sql: ({ s }) => `
-- Version 5's append_events ran six statements per call (lock, one probe per settlement key, insert, update,
-- a hook check, the result); create_run added a nested append, and a trigger re-read run_created to set
-- search_text, so a new run's row was updated twice more (each time in every index, the trigram one too).
-- These do the same log rules with fewer statements: the hook checks are array tests, the keys already
-- settled are found in one probe, the insert and the summary update are one statement, the result goes out
-- as OUT parameters; create_run folds the first events in memory (a new run has no log to look in) and
-- writes the run's row once, final, with its search text. The answers are those of version 5, plus
-- stored_count: the run's event count after the call (null when the run is missing or the ids were stale).
drop trigger events_search_text on ${s}.events;
drop function ${s}.set_search_text();
drop function ${s}.create_run(text, text, bigint, text, text, text, text[], text[], text[], text[], text[], text, text, text[], text);
drop function ${s}.append_events(text, text[], text[], text[], text[], text[], bigint, boolean, text, text, text[]);

create function ${s}.append_events(
  p_run_id text, p_ids text[], p_keys text[], p_statuses text[], p_hooks text[], p_bodies text[],
  p_created_at bigint, p_exact boolean, p_channel text, p_notice text, p_created text[] default null,
  out outcome text, out kept integer[], out last_event_id text, out stored_count integer
) language plpgsql as $$
declare
  v_status_now text;
  v_count_now integer;
  v_last text;
  v_settled text[];
  v_seen text[] := '{}';
  v_kept integer[] := '{}';
  v_status text;
  v_started boolean := false;
  v_disposes boolean := false;
  v_creates boolean := false;
  v_count integer;
  v_new_last text;
  i integer;
begin
  select r.status, r.event_count, r.last_event_id into v_status_now, v_count_now, v_last
    from ${s}.runs r where r.run_id = p_run_id for update;
  if not found then
    outcome := 'missing';
    return;
  end if;
  if v_status_now in ('completed', 'failed', 'cancelled') then
    outcome := 'ok';
    kept := '{}';
    last_event_id := v_last;
    stored_count := v_count_now;
    return;
  end if;
  if p_ids[1] collate "C" <= v_last collate "C" then
    outcome := 'stale';
    last_event_id := v_last;
    return;
  end if;
  -- The keys of this call already settled in the log, in one probe (under the row lock, so none is added meanwhile).
  if cardinality(array_remove(p_keys, null)) > 0 then
    select array_agg(e.settle_key) into v_settled from ${s}.events e where e.run_id = p_run_id and e.settle_key = any(p_keys);
  end if;
${foldBatchV6("p_keys[i] = any(v_seen) or coalesce(p_keys[i] = any(v_settled), false)")}  v_count := coalesce(array_length(v_kept, 1), 0);
  if v_count = 0 or (p_exact and v_count <> array_length(p_ids, 1)) then
    outcome := 'ok';
    kept := '{}';
    last_event_id := v_last;
    stored_count := v_count_now;
    return;
  end if;
  v_new_last := p_ids[v_kept[v_count]];
  with stored as (
    insert into ${s}.events (run_id, seq, event_id, settle_key, body)
      select p_run_id, v_count_now + o.n::integer - 1, p_ids[o.k], p_keys[o.k], p_bodies[o.k]
      from unnest(v_kept) with ordinality as o(k, n)
  )
  update ${s}.runs r set
    event_count = v_count_now + v_count,
    last_event_id = v_new_last,
    status = coalesce(v_status, case when v_started and v_status_now = 'pending' then 'running' else v_status_now end),
    started_at = case when v_started then coalesce(r.started_at, p_created_at) else r.started_at end,
    completed_at = case when v_status is not null then p_created_at else r.completed_at end
  where r.run_id = p_run_id;
  if v_status is not null then
    with gone_hooks as (delete from ${s}.hooks h where h.run_id = p_run_id),
      gone_recorded as (delete from ${s}.recorded_hooks c where c.run_id = p_run_id)
    delete from ${s}.run_owners o where o.run_id = p_run_id;
  else
${recordHookChangesV6(s)}  end if;
  if p_channel is not null then
    perform pg_notify(p_channel, p_notice);
  end if;
  outcome := 'ok';
  kept := v_kept;
  last_event_id := v_new_last;
  stored_count := v_count_now + v_count;
end;
$$;

-- As in version 5. The first events are folded by append_events' rules on an empty log, and the run's row is
-- inserted as that fold leaves it, so creating a run writes its row once.
create function ${s}.create_run(
  p_run_id text, p_workflow_name text, p_created_at bigint, p_event_id text, p_key text, p_body text,
  p_ids text[], p_keys text[], p_statuses text[], p_hooks text[], p_bodies text[], p_channel text, p_notice text,
  p_created text[] default null, p_owner text default null,
  out outcome text, out kept integer[], out last_event_id text, out stored_count integer
) language plpgsql as $$
declare
  v_seen text[] := '{}';
  v_kept integer[] := '{}';
  v_status text;
  v_started boolean := false;
  v_disposes boolean := false;
  v_creates boolean := false;
  v_count integer;
  v_new_last text := p_event_id;
  v_inserted integer;
  i integer;
begin
${foldBatchV6("p_keys[i] = any(v_seen)")}  v_count := coalesce(array_length(v_kept, 1), 0);
  if v_count > 0 then
    v_new_last := p_ids[v_kept[v_count]];
  end if;
  with created as (
    insert into ${s}.runs (run_id, workflow_name, status, created_at, started_at, completed_at, event_count, last_event_id, idempotency_key, search_text)
      values (p_run_id, p_workflow_name, coalesce(v_status, case when v_started then 'running' else 'pending' end), p_created_at,
        case when v_started then p_created_at end, case when v_status is not null then p_created_at end, 1 + v_count, v_new_last, p_key,
        lower(p_workflow_name || ' ' || p_run_id || ' ' || left(coalesce(p_body::json->>'input', ''), 500)))
      on conflict (idempotency_key) do nothing
      returning 1
  ), claimed as (
    insert into ${s}.run_owners (run_id, owner_id)
      select p_run_id, p_owner where p_owner is not null and v_status is null and exists (select 1 from created)
      on conflict (run_id) do update set owner_id = excluded.owner_id
  )
  insert into ${s}.events (run_id, seq, event_id, settle_key, body)
    select p_run_id, 0, p_event_id, null, p_body where exists (select 1 from created)
    union all
    select p_run_id, o.n::integer, p_ids[o.k], p_keys[o.k], p_bodies[o.k]
      from unnest(v_kept) with ordinality as o(k, n) where exists (select 1 from created);
  get diagnostics v_inserted = row_count;
  if v_inserted = 0 then
    outcome := 'exists';
    select r.run_id into last_event_id from ${s}.runs r where r.idempotency_key = p_key;
    return;
  end if;
  if v_status is not null then
    -- Hooks claimed while the first events were made go with the run that ended among them.
    delete from ${s}.hooks h where h.run_id = p_run_id;
  else
${recordHookChangesV6(s)}  end if;
  if p_channel is not null then
    perform pg_notify(p_channel, p_notice);
  end if;
  outcome := 'ok';
  kept := v_kept;
  last_event_id := v_new_last;
  stored_count := 1 + v_count;
end;
$$;
`,
  },
];

/** The newest schema version this code knows. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1].version;
