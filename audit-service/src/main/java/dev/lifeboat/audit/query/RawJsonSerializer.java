package dev.lifeboat.audit.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/** Writes a string that already is JSON as that JSON, byte for byte (the canonical text that was hashed). */
public class RawJsonSerializer extends StdSerializer<String> {

    public RawJsonSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String json, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeRawValue(json);
    }
}
