package dev.lifeboat.cli.status;

import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.api.Service;

/** The services' answers {@code lifeboat status} reads, canned per service and path for its tests. */
final class FleetAnswers extends CannedApi {

    @Override
    public FleetAnswers answer(Service service, String path, Object answer) {
        super.answer(service, path, answer);
        return this;
    }

    /** Nothing running or queued, and these databases (JSON objects of {@code GET /api/databases}) registered. */
    FleetAnswers idleFleet(String... databases) {
        return answer(Service.BACKUP, "/api/backups/requests?status=RUNNING&size=500", "{\"items\":[]}")
                .answer(Service.BACKUP, "/api/backups/queue?size=500", "{\"items\":[],\"servers\":{}}")
                .answer(Service.RESTORE, "/api/restores?status=RUNNING&size=500", "{\"items\":[]}")
                .answer(Service.BACKUP, "/api/databases?size=500", "{\"items\":[" + String.join(",", databases) + "]}");
    }

    /**
     * A database's history as the services answer it: the newest backup and the newest verification (each one JSON object,
     * or null for none), the verifier's protection of it (a JSON object; null: none verified yet) and its restore tests (the
     * items of the page, newest first, "" for none).
     */
    FleetAnswers history(String encodedId, String backup, String verification, String protection, String tests) {
        return answer(Service.BACKUP, "/api/backups?databaseId=" + encodedId + "&size=1", page(backup))
                .answer(Service.VERIFIER, "/api/verifications?databaseId=" + encodedId + "&size=1", page(verification))
                .answer(Service.VERIFIER, "/api/protection/" + encodedId,
                        protection == null ? "{\"state\":\"NO_VERIFIED_BACKUP\",\"protectedUntil\":null}" : protection)
                .answer(Service.VERIFIER, "/api/restore-tests?databaseId=" + encodedId + "&size=10", "{\"items\":[" + tests + "]}");
    }

    private static String page(String item) {
        return "{\"items\":[" + (item == null ? "" : item) + "]}";
    }
}
