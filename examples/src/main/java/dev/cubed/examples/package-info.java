/**
 * A user's code: the README's snippets ({@link dev.cubed.examples.ReadmeSnippets}).
 *
 * <p>May import: {@code dev.cubed.array}, {@code dev.cubed.block}.
 */
package dev.cubed.examples;
