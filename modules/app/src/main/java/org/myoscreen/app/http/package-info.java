/**
 * The HTTP side of a node: who may use it ({@link org.myoscreen.app.http.HttpAccess}, hashed passwords,
 * CSRF), the admin page's JSON API over the ledger, the outbox and the results
 * ({@link org.myoscreen.app.http.AdminApi}), the audit log of study access, and the Micrometer metrics
 * ({@link org.myoscreen.app.http.NodeMetrics}). The server itself is {@link org.myoscreen.app.HealthServer}.
 */
package org.myoscreen.app.http;
