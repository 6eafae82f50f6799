package dev.lifeboat.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ErrorBodiesTest {

    record Body(String databaseId, int keep, boolean confirmed) {
    }

    private static final ObjectMapper STRICT = StrictScalars.strict(new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    private static ApiError bodyOf(String json) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> STRICT.readValue(json, Body.class));
        Response response = new JsonBodyErrors().badJson(e);
        assertThat(response.getStatus()).isEqualTo(400);
        return (ApiError) response.getEntity();
    }

    @Test
    void everyErrorHasACodeEvenWhenTheCallerNamesNone() {
        assertThat(new ApiError("x", null).code()).isEqualTo("ERROR");
        assertThat(ApiError.codeOf(401)).isEqualTo("UNAUTHENTICATED");
        assertThat(ApiError.codeOf(418)).isEqualTo("HTTP_418");
        Response response = ApiError.response(404, "no backup with id 'b'");
        assertThat(response.getEntity()).isEqualTo(new ApiError("no backup with id 'b'", "NOT_FOUND"));
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(ApiError.response(422, "NO_BACKUP", "none").getEntity()).isEqualTo(new ApiError("none", "NO_BACKUP"));
    }

    @Test
    void aBodyThatIsNotJsonSaysSo() {
        ApiError error = bodyOf("{\"databaseId\": ");
        assertThat(error.code()).isEqualTo("INVALID_REQUEST");
        assertThat(error.error()).startsWith("request body is not valid JSON for this API: ");
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() {
        assertThat(bodyOf("{\"databaseId\": \"a\", \"kepp\": 3}").error()).isEqualTo("unknown field 'kepp'; known fields: [confirmed, databaseId, keep]");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        assertThat(bodyOf("{\"databaseId\": \"a\", \"keep\": \"many\"}").error())
                .startsWith("request body is not valid JSON for this API: field 'keep': ");
    }

    @Test
    void aNumberOrABooleanWhereATextBelongsIsRefusedNamingTheField() {
        assertThat(bodyOf("{\"databaseId\": 5}").error()).startsWith("request body is not valid JSON for this API: field 'databaseId': ");
        assertThat(bodyOf("{\"databaseId\": 5.5}").error()).contains("field 'databaseId'");
        assertThat(bodyOf("{\"databaseId\": true}").error()).contains("field 'databaseId'");
        assertThat(bodyOf("{\"databaseId\": \"a\", \"confirmed\": 1}").error()).contains("field 'confirmed'");
    }

    @Test
    void valuesOfTheirOwnTypesAreRead() throws Exception {
        assertThat(STRICT.readValue("{\"databaseId\": \"a\", \"keep\": 3, \"confirmed\": true}", Body.class))
                .isEqualTo(new Body("a", 3, true));
    }

    @Test
    void aForbiddenCallNamesTheRolesItNeedsAndTheOnesTheTokenHas() {
        assertThat(SecurityErrors.forbiddenReason(java.util.List.of("operator", "admin"), java.util.List.of("viewer")))
                .isEqualTo("the token's roles do not allow this: it needs the role operator or admin; the token has viewer");
        assertThat(SecurityErrors.forbiddenReason(java.util.List.of("admin"), java.util.List.of()))
                .isEqualTo("the token's roles do not allow this: it needs the role admin; the token has none of viewer, operator, admin");
    }
}
