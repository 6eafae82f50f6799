package dev.lifeboat.service.requests;

import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventDeserializer;
import jakarta.enterprise.inject.spi.CDI;
import org.apache.kafka.common.header.Headers;

import java.util.Map;

/**
 * The value deserializer of every channel that consumes a request topic: validates the event as {@link EventDeserializer}
 * does, then authenticates it ({@link RequestAuthentication}); what fails either goes to the dead-letter topic with
 * the reason. Configured by Kafka, it takes the service's {@link RequestAuthentication} from CDI, and refuses to
 * configure (the service does not start) without the services' signing key.
 */
public class AuthenticatedRequestDeserializer extends EventDeserializer {

    private RequestAuthentication authentication;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        authentication = CDI.current().select(RequestAuthentication.class).get();
        authentication.keys(); // no key, no start
    }

    @Override
    public CloudEvent<?> deserialize(String topic, Headers headers, byte[] data) {
        CloudEvent<?> event = super.deserialize(topic, headers, data);
        return authentication.authenticated(event, headers, data, RequestAuthentication.Expiry.WITH_GRACE);
    }
}
