package io.mj4j.docs;

import io.mj4j.core.Mj;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's code against the code that compiles: every Java block is marked {@code <!-- snippet: NAME -->}
 * (or {@code snippet-exempt} with the reason) and equals, line for line, the region between
 * {@code // snippet: NAME} and {@code // end snippet} in exactly one test source of the repository, where the
 * compiler checks it; the Maven block names only artifacts the BOM manages, at the versions the build uses.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("(?m)^(<!-- (snippet|snippet-exempt): ?([a-z0-9-]*)[^>]*-->\\n)?```(\\w+)\\n(.*?)^```$",
            Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("(?m)^([ \\t]*)// snippet: ([a-z0-9-]+)\\n(.*?)^[ \\t]*// end snippet$", Pattern.DOTALL);

    record Block(String marker, String name, String language, String code) {
    }

    static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            out.add(new Block(m.group(2), m.group(3), m.group(4), m.group(5)));
        }
        return out;
    }

    /** Snippet regions of every test source in the repository, by name (a name found twice maps to null). */
    static Map<String, String> regions(Path root) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/java/")
                    && !p.toString().contains("/target/")).toList()) {
                Matcher m = REGION.matcher(Files.readString(f));
                while (m.find()) {
                    String code = m.group(3);
                    out.merge(m.group(2), code, (a, b) -> null);
                }
            }
        }
        return out;
    }

    /** Lines without their common indentation and trailing blanks: the form README shows. */
    static String normalize(String code) {
        List<String> lines = code.lines().map(String::stripTrailing).collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }

    private static String readme() {
        try {
            return Files.readString(ROOT.resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("every Java block of README is a named snippet or says why it is exempt")
    void everyJavaBlockIsMarked() {
        List<Block> java = blocks(readme()).stream().filter(b -> b.language().equals("java")).toList();
        assertThat(java).hasSizeGreaterThanOrEqualTo(8);
        assertThat(java).allSatisfy(b -> assertThat(b.marker()).as("marker above:%n%s", b.code()).isNotNull());
    }

    @Test
    @DisplayName("each named Java snippet equals its region in exactly one test source, so it compiles as shown")
    void snippetsMatchCompiledCode() throws IOException {
        Map<String, String> regions = regions(ROOT);
        List<Block> named = blocks(readme()).stream().filter(b -> "snippet".equals(b.marker()) && b.language().equals("java")).toList();
        assertThat(named).extracting(Block::name).doesNotHaveDuplicates()
                .contains("first-app", "first-test", "guice", "sandbox-faults", "several-providers", "durable-store", "callbacks", "spring-test");
        for (Block b : named) {
            assertThat(regions).as("a region '// snippet: %s' in one test source", b.name()).containsKey(b.name());
            assertThat(regions.get(b.name())).as("snippet %s is in more than one test source", b.name()).isNotNull();
            assertThat(normalize(b.code())).as("README snippet %s", b.name()).isEqualTo(normalize(regions.get(b.name())));
        }
    }

    @Test
    @DisplayName("the Maven block imports the BOM at the build's version and names only artifacts it manages")
    void mavenBlock() throws Exception {
        Block maven = blocks(readme()).stream().filter(b -> "maven".equals(b.name())).findFirst().orElseThrow();
        assertThat(maven.language()).isEqualTo("xml");
        Document block = xml("<project>" + maven.code() + "</project>");
        Document root = xml(Files.readString(ROOT.resolve("pom.xml")));
        Document bom = xml(Files.readString(ROOT.resolve("mj-bom/pom.xml")));

        assertThat(text(block, "mj4j.version")).isEqualTo(childText(root.getDocumentElement(), "version"));
        List<String> managed = artifacts(bom, "io.mj4j");
        List<Element> deps = elements(block, "dependency");
        assertThat(deps).extracting(d -> childText(d, "artifactId")).contains("mj-bom", "mj-core", "mj-provider-acedata", "mj-sandbox", "slf4j-simple");
        for (Element d : deps) {
            String artifact = childText(d, "artifactId");
            if (childText(d, "groupId").equals("io.mj4j") && !artifact.equals("mj-bom")) {
                assertThat(managed).as("the BOM manages %s", artifact).contains(artifact);
                assertThat(childText(d, "version")).as("%s takes its version from the BOM", artifact).isEmpty();
            }
            if (artifact.equals("slf4j-simple")) {
                assertThat(childText(d, "version")).isEqualTo(text(root, "slf4j.version"));
            }
        }
        // the optional pieces' table names the Guice version the build uses, and only managed artifacts
        assertThat(readme()).contains("`com.google.inject:guice:" + text(root, "guice.version") + "`");
        Matcher m = Pattern.compile("`io\\.mj4j:(mj-[a-z-]+)`").matcher(readme());
        while (m.find()) {
            assertThat(managed).as("README names io.mj4j:%s", m.group(1)).contains(m.group(1));
        }
    }

    @Test
    @DisplayName("the Guice snippet runs: the injector gives an Mj with the provider")
    void guiceRuns() {
        try (Mj mj = ReadmeSnippets.guice("acedata-test-key")) {
            assertThat(mj.providers()).containsExactly("acedata");
        }
    }

    @Test
    @DisplayName("the sandbox fault snippet runs: one 429, one paid task")
    void sandboxFaultsRuns() {
        ReadmeSnippets.sandboxFaults();
    }

    @Test
    @DisplayName("the checker itself: a changed line, a missing region and an unmarked block are caught")
    void checkerCatchesDrift() {
        String md = "<!-- snippet: a -->\n```java\nint x = 1;\n```\n\n```java\nint y;\n```\n";
        List<Block> bs = blocks(md);
        assertThat(bs).hasSize(2);
        assertThat(bs.get(0).name()).isEqualTo("a");
        assertThat(bs.get(1).marker()).as("unmarked").isNull();
        assertThat(normalize(bs.get(0).code())).isNotEqualTo(normalize("    int x = 2;\n"));
        assertThat(normalize(bs.get(0).code())).isEqualTo(normalize("        int x = 1;   \n"));
    }

    private static Document xml(String s) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nodes = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String text(Document d, String tag) {
        return elements(d, tag).stream().findFirst().map(e -> e.getTextContent().strip()).orElse("");
    }

    private static String childText(Element e, String tag) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c.getTextContent().strip();
            }
        }
        return "";
    }

    private static List<String> artifacts(Document pom, String group) {
        return elements(pom, "dependency").stream().filter(d -> childText(d, "groupId").equals(group))
                .map(d -> childText(d, "artifactId")).toList();
    }
}
