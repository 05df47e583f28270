package org.dmabufspec.tlc;

import java.time.Duration;

/** A TLC progress report (message 2200, printed once a minute by TLC 1.7.3). */
public record Progress(long depth, long generated, long distinct, long queue, Duration elapsed) {
}
