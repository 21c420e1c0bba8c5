package io.signalranon.dispatcher;

import io.signalranon.dispatcher.cli.DispatcherCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The dispatcher: {@code java -jar dispatcher.jar run [options]}; see {@code --help}. */
@SpringBootApplication
public class DispatcherApplication {

    public static void main(String[] args) {
        System.exit(new DispatcherCli(DispatcherApplication.class, System.out, System.err).run(args));
    }
}
