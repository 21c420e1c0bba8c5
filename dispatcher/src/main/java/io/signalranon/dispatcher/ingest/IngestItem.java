package io.signalranon.dispatcher.ingest;

/** What the ingest reader yields: a change row, or the end of a file. */
public sealed interface IngestItem permits ChangeRow, FileEnd {}
