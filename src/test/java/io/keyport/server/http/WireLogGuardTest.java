package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The guard on the real Logback context: Jetty's events below INFO never reach an appender, whether
 * an operator turned Jetty's level down or another turbo filter accepts everything; other loggers
 * and Jetty's warnings are untouched.
 */
class WireLogGuardTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger jetty = context.getLogger("org.eclipse.jetty.server.HttpChannel");
  private final Logger ours = context.getLogger("io.keyport.server.http.WireLogGuardTest");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final TurboFilter acceptAll =
      new TurboFilter() {
        @Override
        public FilterReply decide(
            Marker marker,
            Logger logger,
            Level level,
            String format,
            Object[] params,
            Throwable t) {
          return FilterReply.ACCEPT;
        }
      };
  private Level jettyLevel;
  private Level ourLevel;

  @BeforeEach
  void capture() {
    WireLogGuard.install();
    jettyLevel = jetty.getLevel();
    ourLevel = ours.getLevel();
    appender.setContext(context);
    appender.start();
    jetty.addAppender(appender);
    ours.addAppender(appender);
  }

  @AfterEach
  void restore() {
    jetty.detachAppender(appender);
    ours.detachAppender(appender);
    jetty.setLevel(jettyLevel);
    ours.setLevel(ourLevel);
    context.getTurboFilterList().remove(acceptAll);
  }

  private List<String> logged() {
    return appender.list.stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
  }

  @Test
  void jettyBelowInfoIsDroppedAtAnyLevelAnOperatorSets() {
    for (Level level : List.of(Level.ALL, Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN)) {
      jetty.setLevel(level);
      assertThat(jetty.isDebugEnabled()).isFalse();
      jetty.debug("GET / Authorization: Bearer kpu_secret");
      jetty.trace("body password=secret");
    }
    jetty.setLevel(Level.DEBUG);
    jetty.warn("a warning");
    assertThat(logged()).containsExactly("WARN a warning");
  }

  @Test
  void jettyBelowInfoIsDroppedEvenWhenALaterFilterAcceptsEverything() {
    context.addTurboFilter(acceptAll);
    jetty.setLevel(Level.INFO);
    ours.setLevel(Level.INFO);
    jetty.debug("GET / Authorization: Bearer kpu_secret");
    ours.debug("accepted by the later filter");
    assertThat(logged()).containsExactly("DEBUG accepted by the later filter");
  }

  @Test
  void otherLoggersKeepTheirLevels() {
    ours.setLevel(Level.DEBUG);
    ours.debug("shown");
    ours.trace("below the level");
    ours.setLevel(Level.INFO);
    ours.debug("now below the level");
    assertThat(logged()).containsExactly("DEBUG shown");
  }
}
