package org.myoscreen.dicom.net.internal.service;

import org.myoscreen.dicom.net.AssociationInfo;
import org.myoscreen.dicom.net.AssociationListener;
import org.myoscreen.dicom.net.StoreRequest;
import org.myoscreen.dicom.net.StoreResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shields the association from a listener that throws despite its contract. */
public final class SafeListener implements AssociationListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final AssociationListener delegate;

    public SafeListener(AssociationListener delegate) {
        this.delegate = delegate;
    }

    private void guard(String event, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("event=listener_threw callback={} error=\"{}\"", event, e.toString());
        }
    }

    @Override
    public void associationOpened(AssociationInfo a) {
        guard("associationOpened", () -> delegate.associationOpened(a));
    }

    @Override
    public void associationClosed(AssociationInfo a, String reason) {
        guard("associationClosed", () -> delegate.associationClosed(a, reason));
    }

    @Override
    public void associationRejected(String calling, String called, int result, int source, int reason) {
        guard("associationRejected", () -> delegate.associationRejected(calling, called, result, source, reason));
    }

    @Override
    public void associationAborted(AssociationInfo a, String reason) {
        guard("associationAborted", () -> delegate.associationAborted(a, reason));
    }

    @Override
    public void storeStarted(StoreRequest r) {
        guard("storeStarted", () -> delegate.storeStarted(r));
    }

    @Override
    public void storeFinished(StoreRequest r, StoreResponse s, long bytes) {
        guard("storeFinished", () -> delegate.storeFinished(r, s, bytes));
    }

    @Override
    public void storeLost(StoreRequest r, long bytes, String reason) {
        guard("storeLost", () -> delegate.storeLost(r, bytes, reason));
    }
}
