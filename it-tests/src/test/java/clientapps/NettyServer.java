package clientapps;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A Netty 4.2 HTTP server on the NIO transport ({@code MultiThreadIoEventLoopGroup} with
 * {@code NioIoHandler}: one acceptor, two I/O event loops), {@code HttpServerCodec} and
 * {@code HttpObjectAggregator} on the event loops, and the handler, which blocks (it sleeps), on a
 * {@code DefaultEventExecutorGroup} of one executor per client, as Netty's documentation says blocking
 * handlers should run; then {@link ServerLoad#httpClients} against it.
 *
 * <p>Usage: {@code NettyServer <clients> <sleepMillis>}. Prints the clients' answers and {@code done};
 * exits 1 unless every client got its answer.
 */
public final class NettyServer {
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ServerLoad.sleepMillis(Long.parseLong(args[1]));
        ServerLoad.quietLogging();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventExecutorGroup blocking = new DefaultEventExecutorGroup(clients);
        boolean ok;
        try {
            Channel server = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024));
                            ch.pipeline().addLast(blocking, "work", new WorkHandler());
                        }

                        /** A failure to set up the pipeline (Netty logs it, which slf4j-nop silences, and closes). */
                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
                            ServerLoad.reportError("server_error", cause);
                            super.exceptionCaught(ctx, cause);
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            ok = ServerLoad.httpClients(port, clients);
            server.close().sync();
        } finally {
            blocking.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            io.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        System.out.println("done");
        if (!ok) {
            System.exit(1);
        }
    }

    static final class WorkHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = ServerLoad.handle(request.uri());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ServerLoad.reportError("server_error", cause);
            ctx.close();
        }
    }
}
