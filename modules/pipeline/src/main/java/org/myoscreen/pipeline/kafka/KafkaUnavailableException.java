package org.myoscreen.pipeline.kafka;

/** Kafka could not be reached or refused a request; the message names the operation and the broker. */
public final class KafkaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, with context
     * @param cause the client's exception
     */
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
