package io.keyport.server.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the wire out of the log. Below INFO, Jetty logs raw HTTP: every header ({@code
 * Authorization: Bearer kpu_…}) and body bytes (passwords, client secrets). Secrets must never
 * reach a log (API.md, Never), whatever level an operator turns on while debugging, so this Logback
 * turbo filter — which runs before any level check — drops Jetty's events below INFO. Warnings and
 * errors still pass. Installed once per logging context; a no-op on other backends.
 */
final class WireLogGuard extends TurboFilter {
  static final String NAME = "keyport-wire-log-guard";
  private static final String[] WIRE_LOGGERS = {"org.eclipse.jetty"};

  private final LoggerContext context;

  private WireLogGuard(LoggerContext context) {
    this.context = context;
    setName(NAME);
    setContext(context);
  }

  static void install() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    synchronized (WireLogGuard.class) {
      boolean present =
          context.getTurboFilterList().stream().anyMatch(f -> NAME.equals(f.getName()));
      if (!present) {
        WireLogGuard guard = new WireLogGuard(context);
        guard.start();
        context.addTurboFilter(guard);
      }
    }
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.INFO) || logger == null) {
      return FilterReply.NEUTRAL;
    }
    // Jetty asks isDebugEnabled at every step of every request, and each ask runs this filter.
    // Below its logger's level Logback drops the event anyway — unless a later turbo filter accepts
    // it, so the shortcut holds only while this guard is the only one.
    if (!level.isGreaterOrEqual(logger.getEffectiveLevel())
        && context.getTurboFilterList().size() == 1) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    for (String wire : WIRE_LOGGERS) {
      if (name.startsWith(wire)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
