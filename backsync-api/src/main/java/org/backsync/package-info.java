/**
 * The background-synchronization API: Outlook's {@code IMAPISync::SynchronizeInBackground} contract in Java.
 *
 * <p>A host calls {@link org.backsync.BackgroundSynchronizer#synchronizeInBackground} with a {@link
 * org.backsync.SyncRequest}; the call returns a {@link org.backsync.SyncHandle} at once and the work runs on an
 * engine thread, reporting to a {@link org.backsync.SyncListener}: any number of {@code progress} and {@code
 * error} calls, then exactly one {@code done}. Rules R1-R20 of {@code CONTRACT.md} are stated on the types they
 * govern.
 */
@NullMarked
package org.backsync;

import org.jspecify.annotations.NullMarked;
