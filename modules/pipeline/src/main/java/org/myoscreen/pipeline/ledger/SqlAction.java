package org.myoscreen.pipeline.ledger;

import java.sql.SQLException;

/** Statements against the ledger's connection. */
@FunctionalInterface
interface SqlAction {
    /**
     * Runs the statements.
     *
     * @throws SQLException from the database
     */
    void run() throws SQLException;
}
