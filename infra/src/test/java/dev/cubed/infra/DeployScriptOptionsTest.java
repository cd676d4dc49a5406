package dev.cubed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** deploy.sh and teardown.sh given an option without its value: a usage error naming it, not bash's "unbound variable". */
class DeployScriptOptionsTest {
    private record Run(int code, String err) {
    }

    private static Run run(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of(script).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() throws Exception {
        for (String script : new String[] {"deploy.sh", "teardown.sh"}) {
            for (String[] args : new String[][] {{"--region"}, {"--stack-name"}, {"--region", "--skip-build"}}) {
                Run r = run(script, args);
                assertThat(r.code()).as("%s %s: %s", script, String.join(" ", args), r.err()).isEqualTo(2);
                assertThat(r.err()).contains(script + ": " + args[0] + " needs a value, e.g. " + args[0] + " ")
                        .doesNotContain("unbound variable");
            }
        }
    }
}
