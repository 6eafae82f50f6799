package dev.lifeboat.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;

/** Where a command writes: lines for a person, or (with {@code --json}) one JSON document for a script. */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** A line for a person; nothing with {@code --json}, whose output is the one document. */
    public void line(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }

    public void table(Table table) {
        if (!json) {
            table.print(out);
        }
    }

    /** The document of {@code --json}; nothing without it. */
    public void document(JsonNode document) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
            out.flush();
        }
    }
}
