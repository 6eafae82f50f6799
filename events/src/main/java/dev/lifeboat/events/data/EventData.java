package dev.lifeboat.events.data;

/** The data of every Lifeboat event: each one is about one database, which is also the event's subject and Kafka key. */
public interface EventData {

    /** The id of the database the event is about (CloudEvents {@code subject}, Kafka record key). */
    String databaseId();
}
