package dev.lifeboat.service.messaging;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * How a service consumes its request topic: the request (already validated by the channel's
 * {@code AuthenticatedRequestDeserializer}; another valid type is refused and dead-lettered) is recorded once with the
 * {@link ConsumerRetry} policy, the record is acknowledged only after that, and the worker is woken when
 * the request was new (a redelivered one is recorded already and wakes nothing).
 */
@ApplicationScoped
public class RequestConsumption {

    private static final Logger LOG = Logger.getLogger(RequestConsumption.class);

    private final ConsumerRetry retry;

    public RequestConsumption(ConsumerRetry retry) {
        this.retry = retry;
    }

    /**
     * @param record records the request (the event, typed); its item says whether it was new
     * @param wakeUp runs after a new request was recorded
     */
    public <R extends EventData> Uni<Void> record(CloudEvent<?> event, Class<R> type, Function<CloudEvent<R>, Uni<Boolean>> record, Runnable wakeUp) {
        return Uni.createFrom().item(() -> event.requireData(type))
                .chain(request -> retry.retrying(record.apply(request)
                        .onFailure().invoke(e -> LOG.warnf("Recording %s %s failed: %s", event.type(), event.id(), e))))
                .invoke(isNew -> {
                    if (isNew) {
                        wakeUp.run();
                    }
                })
                .replaceWithVoid();
    }
}
