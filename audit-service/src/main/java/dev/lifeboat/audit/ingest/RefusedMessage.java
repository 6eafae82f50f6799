package dev.lifeboat.audit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lifeboat.audit.chain.CanonicalJson;
import dev.lifeboat.runtime.secret.Redaction;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The payload logged for a message that was refused: its bytes (as text when they are UTF-8, else base64,
 * cut at {@value #MAX_BYTES} bytes) and headers, with anything that looks like a secret masked. A refused
 * message is outside the contract, so it may carry what an event never would.
 */
final class RefusedMessage {

    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern SECRET_NAME = Pattern.compile("password|passwd|secret|token|credential|api[-_]?key|private[-_]?key|authorization");

    ObjectNode payload(Headers headers, byte[] value) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        byte[] bytes = value == null ? new byte[0] : value;
        byte[] kept = bytes.length > MAX_BYTES ? Arrays.copyOf(bytes, MAX_BYTES) : bytes;
        payload.put("bytes", bytes.length);
        payload.put("truncated", kept.length < bytes.length);
        String text = utf8WithoutNul(kept);
        if (text == null) {
            payload.put("base64", Base64.getEncoder().encodeToString(kept));
        } else {
            payload.set("value", masked(text));
        }
        ObjectNode headerNode = payload.putObject("headers");
        if (headers != null) {
            for (Header header : headers) {
                String headerText = header.value() == null ? null : utf8WithoutNul(header.value());
                headerNode.put(header.key(), isSecretName(header.key()) ? Redaction.MASK
                        : headerText == null ? "(binary)" : Redaction.redact(headerText));
            }
        }
        return payload;
    }

    /** JSON is kept as JSON with secret-named fields masked; other text is kept as text, redacted. */
    private JsonNode masked(String text) {
        try {
            JsonNode json = CanonicalJson.tree(text);
            if (json != null && json.isContainerNode()) {
                mask(json);
                return json;
            }
        } catch (IllegalArgumentException notJson) {
            // kept as text below
        }
        return TextNode.valueOf(Redaction.redact(text));
    }

    private static void mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretName(field.getKey()) && !field.getValue().isContainerNode()) {
                    field.setValue(TextNode.valueOf(Redaction.MASK));
                } else if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(Redaction.redact(field.getValue().asText())));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(RefusedMessage::mask);
        }
    }

    private static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }

    /** The text, or null when the bytes are not UTF-8 or hold a NUL (which jsonb cannot store). */
    private static String utf8WithoutNul(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\0') >= 0 ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
