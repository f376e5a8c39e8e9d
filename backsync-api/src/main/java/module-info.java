/**
 * backsync's public API ({@code org.backsync}) and its provider/store SPI ({@code org.backsync.spi}).
 * Nothing else is exported.
 */
module org.backsync.api {
    requires static org.jspecify;

    exports org.backsync;
    exports org.backsync.spi;
}
