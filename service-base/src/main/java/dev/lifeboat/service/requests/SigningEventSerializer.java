package dev.lifeboat.service.requests;

import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventSerializer;
import jakarta.enterprise.inject.spi.CDI;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The value serializer of the outbox's channel: serializes as {@link EventSerializer} does and signs each request
 * ({@link ServiceSignature}), so the service that consumes it knows a Lifeboat service sent it. Other events are not
 * signed (the broker's ACLs let only Lifeboat's services write them).
 */
public class SigningEventSerializer extends EventSerializer {

    private volatile RequestAuthentication authentication;

    @Override
    public byte[] serialize(String topic, Headers headers, CloudEvent<?> event) {
        byte[] value = super.serialize(topic, headers, event);
        if (event != null && event.data() instanceof Request) {
            headers.remove(ServiceSignature.HEADER);
            headers.add(ServiceSignature.HEADER, keys().sign(event, value).getBytes(StandardCharsets.UTF_8));
        }
        return value;
    }

    /** The service's keys, which {@link RequestAuthentication} reads once. */
    private ServiceKeys keys() {
        RequestAuthentication bean = authentication;
        if (bean == null) {
            bean = CDI.current().select(RequestAuthentication.class).get();
            authentication = bean;
        }
        return bean.keys();
    }
}
