package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cubed local-lambda}'s checks before it starts anything, and its help. */
class LocalLambdaCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPortInUseNamesTheOptionThatPicksAnother() throws Exception {
        Path zip = Files.write(dir.resolve("worker.zip"), new byte[] {1});
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int p = taken.getLocalPort();
            ZarrCommandTest.Result lambda = ZarrCommandTest.run("local-lambda", "--port", Integer.toString(p),
                    "--s3-port", "0", "--worker-zip", zip.toString());
            assertThat(lambda.code()).isEqualTo(2);
            assertThat(lambda.err()).contains("port " + p + " for the Lambda endpoint is in use")
                    .contains("--port P").contains("--port 0 picks a free one");
            ZarrCommandTest.Result s3 = ZarrCommandTest.run("local-lambda", "--port", "0", "--s3-port",
                    Integer.toString(p), "--worker-zip", zip.toString());
            assertThat(s3.code()).isEqualTo(2);
            assertThat(s3.err()).contains("port " + p + " for the S3 endpoint is in use").contains("--s3-port P");
        }
    }

    @Test
    void helpPrintsWithoutPicocliWarnings() {
        ZarrCommandTest.Result help = ZarrCommandTest.run("local-lambda", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("85% of it as heap");
        assertThat(help.err()).doesNotContain("WARN");
    }
}
