/**
 * Not API. The wire side of the mjproxy provider: option parsing, request building, lenient JSON reading,
 * the status table, the button customId table, the task-object mapper and the error mapper.
 */
package io.mj4j.provider.mjproxy.internal;
