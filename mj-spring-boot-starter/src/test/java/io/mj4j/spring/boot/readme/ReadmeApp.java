package io.mj4j.spring.boot.readme;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The application README's Spring test runs against: auto-configuration only, no web server needed. */
@SpringBootConfiguration
@EnableAutoConfiguration
class ReadmeApp {
}
