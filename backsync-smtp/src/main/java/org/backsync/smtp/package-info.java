/**
 * The SMTP transport: {@link org.backsync.smtp.SmtpTransport} sends one Outbox message at a time over a small SMTP
 * client of our own (ADR 0003), and {@link org.backsync.smtp.SmtpFailures} is the one place where socket errors and
 * reply codes become a {@link org.backsync.Status} and a {@link org.backsync.Scope}.
 */
@NullMarked
package org.backsync.smtp;

import org.jspecify.annotations.NullMarked;
