package org.myoscreen.dicom.net.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.myoscreen.dicom.net.CStoreHandler;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;

/** A CStoreHandler fake that keeps every received dataset in memory and answers as told. */
public final class RecordingHandler implements CStoreHandler {
    /** One received instance: the request and the dataset bytes as they arrived. */
    public record Received(StoreRequest request, byte[] dataset) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Function<StoreRequest, StoreResponse> answer;

    public RecordingHandler(Function<StoreRequest, StoreResponse> answer) {
        this.answer = answer;
    }

    public RecordingHandler() {
        this(r -> StoreResponse.success());
    }

    @Override
    public StoreResponse onCStore(StoreRequest request, InputStream dataset) throws IOException {
        received.add(new Received(request, dataset.readAllBytes()));
        return answer.apply(request);
    }

    public List<Received> received() {
        return received;
    }
}
