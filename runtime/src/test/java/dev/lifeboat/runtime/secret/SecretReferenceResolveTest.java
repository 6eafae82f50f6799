package dev.lifeboat.runtime.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretReferenceResolveTest {

    private static final String SHAPE = "credentialRef must be env:VARIABLE_NAME or file:/absolute/path";

    @TempDir
    Path folder;

    @Test
    void anEnvReferenceKeepsTheVariableName() {
        SecretReference reference = SecretReference.parse("env:ORDERS_PASSWORD");

        assertThat(reference.kind()).isEqualTo(SecretReference.Kind.ENV);
        assertThat(reference.name()).isEqualTo("ORDERS_PASSWORD");
        assertThat(reference).hasToString("env:ORDERS_PASSWORD");
    }

    @Test
    void aFileReferenceKeepsTheAbsolutePath() {
        SecretReference reference = SecretReference.parse("file:/run/secrets/orders");

        assertThat(reference.kind()).isEqualTo(SecretReference.Kind.FILE);
        assertThat(reference.name()).isEqualTo("/run/secrets/orders");
        assertThat(reference).hasToString("file:/run/secrets/orders");
    }

    @Test
    void aMissingReferenceIsRefusedWithOnlyTheShape() {
        assertThatThrownBy(() -> SecretReference.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SHAPE);
    }

    @Test
    void aRefusedTextIsDescribedByItsLengthOnly() {
        assertThatThrownBy(() -> SecretReference.parse("hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SHAPE + "; the value given (7 characters) is not shown, as it may be a password");
    }

    @Test
    void anEnvReferenceWithoutAVariableNameIsRefused() {
        assertThatThrownBy(() -> SecretReference.parse("env:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SHAPE);
    }

    @Test
    void anEnvVariableNameStartingWithADigitIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> SecretReference.parse("env:1PASSWORD"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SHAPE)
                .hasMessageNotContaining("1PASSWORD");
    }

    @Test
    void anEnvVariableNameWithOtherCharactersIsRefused() {
        assertThatThrownBy(() -> SecretReference.parse("env:MY-SECRET"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("MY-SECRET");
    }

    @Test
    void anEnvVariableNameOfUpTo200CharactersIsAcceptedAndLongerIsRefused() {
        String longest = "A".repeat(200);

        assertThat(SecretReference.parse("env:" + longest).name()).isEqualTo(longest);
        assertThatThrownBy(() -> SecretReference.parse("env:" + longest + "A"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(205 characters)");
    }

    @Test
    void aRelativeFileReferenceIsRefused() {
        assertThatThrownBy(() -> SecretReference.parse("file:secrets/orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SHAPE)
                .hasMessageNotContaining("secrets/orders");
    }

    @Test
    void aFileReferenceThatIsOnlyTheRootIsRefused() {
        assertThatThrownBy(() -> SecretReference.parse("file:/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SHAPE);
    }

    @Test
    void aFileReferenceWithANulCharacterIsRefused() {
        assertThatThrownBy(() -> SecretReference.parse("file:/run/secrets/a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SHAPE);
    }

    @Test
    void aReferenceWithoutAKnownPrefixIsRefused() {
        assertThatThrownBy(() -> SecretReference.parse("vault:orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("vault");
    }

    @Test
    void anEnvReferenceResolvesToTheVariablesValue() throws Exception {
        SecretReference reference = SecretReference.parse("env:ORDERS_PASSWORD");

        assertThat(reference.resolve(Map.of("ORDERS_PASSWORD", "s3cret")::get)).isEqualTo("s3cret");
    }

    @Test
    void anUnsetVariableIsUnavailableNamingTheReference() {
        SecretReference reference = SecretReference.parse("env:ORDERS_PASSWORD");

        assertThatThrownBy(() -> reference.resolve(name -> null))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("environment variable ORDERS_PASSWORD (named by env:ORDERS_PASSWORD) is not set");
    }

    @Test
    void anEmptyVariableIsUnavailableAsIfUnset() {
        SecretReference reference = SecretReference.parse("env:ORDERS_PASSWORD");

        assertThatThrownBy(() -> reference.resolve(name -> ""))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("environment variable ORDERS_PASSWORD (named by env:ORDERS_PASSWORD) is not set");
    }

    @Test
    void aVariableOfOnlyWhitespaceIsUnavailableWithoutShowingIt() {
        SecretReference reference = SecretReference.parse("env:ORDERS_PASSWORD");

        assertThatThrownBy(() -> reference.resolve(name -> " \t "))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("environment variable ORDERS_PASSWORD (named by env:ORDERS_PASSWORD) holds only whitespace");
    }

    @Test
    void aVariableWithSpacesAroundItsValueIsReadAsIs() throws Exception {
        assertThat(SecretReference.parse("env:ORDERS_PASSWORD").resolve(name -> " s3cret ")).isEqualTo(" s3cret ");
    }

    @Test
    void anEmptyFileOrOneOfOnlyWhitespaceIsUnavailable() throws Exception {
        for (String content : new String[]{"", "\n", "  \n\t\n"}) {
            Path secret = Files.writeString(folder.resolve("blank"), content);

            assertThatThrownBy(() -> SecretReference.parse("file:" + secret).resolve(name -> null)).as("%s", content.length())
                    .isInstanceOf(SecretUnavailableException.class)
                    .hasMessage("file:" + secret + " is empty or holds only whitespace");
        }
    }

    @Test
    void theEnvironmentIsAskedForTheReferencedName() throws Exception {
        SecretReference reference = SecretReference.parse("env:DB_PASS");

        assertThat(reference.resolve(name -> "value of " + name)).isEqualTo("value of DB_PASS");
    }

    @Test
    void aFileReferenceResolvesToTheFileTrimmedOfItsFinalNewline() throws Exception {
        Path secret = Files.writeString(folder.resolve("orders"), "s3cret\n");

        assertThat(SecretReference.parse("file:" + secret).resolve(name -> null)).isEqualTo("s3cret");
    }

    @Test
    void aFileWithoutAFinalNewlineIsReadAsIs() throws Exception {
        Path secret = Files.writeString(folder.resolve("orders"), "pa ss");

        assertThat(SecretReference.parse("file:" + secret).resolve(name -> null)).isEqualTo("pa ss");
    }

    @Test
    void aMissingFileIsUnavailableNamingTheReferenceAndTheKindOfFailure() {
        Path missing = folder.resolve("absent");
        SecretReference reference = SecretReference.parse("file:" + missing);

        assertThatThrownBy(() -> reference.resolve(name -> null))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("cannot read file:" + missing + ": NoSuchFileException");
    }

    @Test
    void noCredentialReferenceMeansNoPassword() throws Exception {
        assertThat(SecretReference.passwordOf(null)).isNull();
    }

    @Test
    void passwordOfReadsAFileReference() throws Exception {
        Path secret = Files.writeString(folder.resolve("orders"), "s3cret\n");

        assertThat(SecretReference.passwordOf("file:" + secret)).isEqualTo("s3cret");
    }

    @Test
    void passwordOfRefusesAMalformedReference() {
        assertThatThrownBy(() -> SecretReference.passwordOf("hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }
}
