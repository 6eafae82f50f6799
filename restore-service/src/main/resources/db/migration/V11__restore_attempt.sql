-- Which attempt owns a running restore: 1 when a worker claims it, one more each time a recovery takes over a run whose
-- heartbeat went stale. Every write of the run (its record, steps, set-aside databases and events) names the attempt
-- that makes it and is refused once a newer attempt owns the run, so a worker that froze past its heartbeat and then
-- resumed records and announces nothing.
ALTER TABLE restore_request
    ADD COLUMN attempt integer NOT NULL DEFAULT 0;
