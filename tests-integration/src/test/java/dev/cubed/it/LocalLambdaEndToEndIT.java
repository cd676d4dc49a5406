package dev.cubed.it;

/** The end-to-end tests against the local Lambda serving the real worker zip, with s3proxy. */
class LocalLambdaEndToEndIT extends LambdaExecutorEndToEndTests {

    @Override
    protected LambdaBackend backend() {
        return LocalLambdaBackend.get();
    }
}
