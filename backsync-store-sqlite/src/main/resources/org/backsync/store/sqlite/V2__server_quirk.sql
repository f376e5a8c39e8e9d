-- What the engine learned about an account's server (ServerQuirk), e.g. a CONDSTORE/QRESYNC state that lied.
CREATE TABLE server_quirk (
    account TEXT    NOT NULL REFERENCES account (id),
    quirk   TEXT    NOT NULL,
    since   INTEGER NOT NULL,
    PRIMARY KEY (account, quirk)
) WITHOUT ROWID;
