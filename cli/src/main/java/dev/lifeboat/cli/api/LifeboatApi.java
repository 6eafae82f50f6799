package dev.lifeboat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The REST calls the command line makes; each answer is the service's JSON. */
public interface LifeboatApi {

    JsonNode get(Service service, String pathAndQuery);

    /** A POST with a JSON body; the answer's JSON (a 202's acceptance, say). */
    JsonNode post(Service service, String path, JsonNode body);
}
