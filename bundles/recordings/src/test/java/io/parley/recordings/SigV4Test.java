package io.parley.recordings;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

/** The signing examples of the AWS S3 documentation ("Signature Calculations for the Authorization Header"). */
public class SigV4Test {

    private static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");

    @Test
    public void theDocumentedGetObjectExampleSignsAlike() {
        String auth = SigV4.authorization("GET", "/test.txt", "", Map.of("Host", "examplebucket.s3.amazonaws.com",
                        "Range", "bytes=0-9", "x-amz-content-sha256", SigV4.EMPTY_SHA256, "x-amz-date", "20130524T000000Z"),
                SigV4.EMPTY_SHA256, AT, "us-east-1", ACCESS, SECRET);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", auth);
    }

    @Test
    public void theDocumentedPutObjectExampleSignsAlike() {
        String payload = SigV4.sha256Hex("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8));
        String auth = SigV4.authorization("PUT", SigV4.encodePath("/test$file.text"), "",
                Map.of("Host", "examplebucket.s3.amazonaws.com", "Date", "Fri, 24 May 2013 00:00:00 GMT",
                        "x-amz-content-sha256", payload, "x-amz-date", "20130524T000000Z",
                        "x-amz-storage-class", "REDUCED_REDUNDANCY"),
                payload, AT, "us-east-1", ACCESS, SECRET);
        assertEquals("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
                auth.substring(auth.indexOf("Signature=")));
    }
}
