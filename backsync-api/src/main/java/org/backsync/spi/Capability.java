package org.backsync.spi;

/** The server capabilities the core plans around; a provider reports the ones it will actually use. */
public enum Capability {
    CONDSTORE,
    QRESYNC,
    UIDPLUS,
    MOVE,
    IDLE,
    SPECIAL_USE,
    ESEARCH,
    LITERAL_PLUS,
    STATUS_SIZE,
    LIST_STATUS
}
